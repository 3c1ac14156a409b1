import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DbEventSubscription } from "@cdktf/provider-aws/lib/db-event-subscription";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { DEFAULT_THRESHOLDS, type DatabaseAlarmThresholds } from "./index";

const GIB = 1024 ** 3;
/** The thresholds are defined on 5-minute averages (see `DatabaseAlarmThresholds`). */
const PERIOD_SECONDS = 300;

/** RDS event categories that need a person: outages, failovers, storage and maintenance. */
export const RDS_EVENT_CATEGORIES = ["availability", "failover", "failure", "low storage", "maintenance", "notification", "recovery"] as const;

export interface AwsDatabaseAlarmsProps {
  readonly realm: string;
  /**
   * The DB instance identifier (`aws_db_instance.identifier`), the value of the CloudWatch
   * dimension `DBInstanceIdentifier`. Not `aws_db_instance.id`, which is the resource id
   * (`db-...`) since AWS provider 5.
   */
  readonly instanceId: string;
  /** Allocated storage in GiB, the base of the free-storage threshold. */
  readonly allocatedStorageGb: number;
  readonly topicArn: string;
  /** @default DEFAULT_THRESHOLDS */
  readonly thresholds?: DatabaseAlarmThresholds;
}

/** Bytes of free storage below which the alarm fires: `freeStoragePercent` of the allocation. */
export function freeStorageThresholdBytes(allocatedStorageGb: number, freeStoragePercent: number): number {
  return Math.round((allocatedStorageGb * GIB * freeStoragePercent) / 100);
}

/**
 * CloudWatch alarms on an RDS instance (CPU, free storage, connections) and an RDS event
 * subscription, all notifying one SNS topic on alarm and on recovery.
 */
export class AwsDatabaseAlarms extends Construct {
  readonly alarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: AwsDatabaseAlarmsProps) {
    super(scope, id);
    const t = { ...DEFAULT_THRESHOLDS, ...definedOnly(props.thresholds ?? {}) };
    const freeBytes = freeStorageThresholdBytes(props.allocatedStorageGb, t.freeStoragePercent);
    const alarm = (name: string, spec: { metric: string; statistic: string; comparison: string; threshold: number; description: string }) =>
      new CloudwatchMetricAlarm(this, name, {
        alarmName: resourceName("aws", "default", props.realm, "db", name),
        alarmDescription: spec.description,
        namespace: "AWS/RDS",
        metricName: spec.metric,
        dimensions: { DBInstanceIdentifier: props.instanceId },
        statistic: spec.statistic,
        period: PERIOD_SECONDS,
        evaluationPeriods: 1,
        comparisonOperator: spec.comparison,
        threshold: spec.threshold,
        // No data means no instance or no samples, not overload: instance outages arrive
        // through the RDS event subscription instead of as false metric alarms.
        treatMissingData: "notBreaching",
        alarmActions: [props.topicArn],
        okActions: [props.topicArn],
      });

    this.alarms = [
      alarm("cpu-high", {
        metric: "CPUUtilization",
        statistic: "Average",
        comparison: "GreaterThanThreshold",
        threshold: t.cpuPercent,
        description: `Realm ${props.realm}: database CPU above ${t.cpuPercent}% (5-minute average)`,
      }),
      alarm("storage-low", {
        metric: "FreeStorageSpace",
        statistic: "Minimum",
        comparison: "LessThanThreshold",
        threshold: freeBytes,
        description: `Realm ${props.realm}: database free storage below ${t.freeStoragePercent}% of ${props.allocatedStorageGb} GiB (${freeBytes} bytes)`,
      }),
      alarm("connections-high", {
        metric: "DatabaseConnections",
        statistic: "Average",
        comparison: "GreaterThanThreshold",
        threshold: t.connections,
        description: `Realm ${props.realm}: more than ${t.connections} database connections (5-minute average)`,
      }),
    ];

    new DbEventSubscription(this, "events", {
      name: resourceName("aws", "default", props.realm, "db", "events"),
      snsTopic: props.topicArn,
      sourceType: "db-instance",
      sourceIds: [props.instanceId],
      eventCategories: [...RDS_EVENT_CATEGORIES],
    });
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
