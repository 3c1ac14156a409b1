import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { Construct } from "constructs";
import type { ResolvedAlert } from "./index";

export interface CloudWatchAlarmSpec {
  readonly realm: string;
  readonly name: string;
  readonly alert: ResolvedAlert;
  readonly description: string;
  readonly namespace: string;
  readonly metric: string;
  readonly statistic: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** In the metric's own unit (bytes, count, percent), derived from the alert's threshold. */
  readonly threshold: number;
  readonly topicArn: string;
}

/**
 * One CloudWatch alarm for one realm alert: the window is one evaluation period of the
 * alert's length, the direction picks the comparison, and alarm and recovery both notify the
 * realm topic. The severity travels as a tag, so the aggregator and people can sort by it.
 */
export function cloudWatchAlarm(scope: Construct, id: string, spec: CloudWatchAlarmSpec): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: spec.name,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metric,
    dimensions: { ...spec.dimensions },
    statistic: spec.statistic,
    period: spec.alert.windowMinutes * 60,
    evaluationPeriods: 1,
    comparisonOperator: spec.alert.direction === "above" ? "GreaterThanThreshold" : "LessThanThreshold",
    threshold: spec.threshold,
    // No data means no samples (no instance, no traffic, no replica), not overload: outages
    // arrive through event subscriptions and the aggregator's no-data monitors instead.
    treatMissingData: "notBreaching",
    alarmActions: [spec.topicArn],
    okActions: [spec.topicArn],
    tags: { severity: spec.alert.severity, alert: spec.alert.id },
  });
}
