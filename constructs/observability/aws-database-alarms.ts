import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DbEventSubscription } from "@cdktf/provider-aws/lib/db-event-subscription";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import type { AlertId } from "../../lib/model/alerts";
import { cloudWatchAlarm } from "./aws-alarm";
import { alertsOf, type DatabaseAlarmThresholds, type ResolvedAlert } from "./index";

const GIB = 1024 ** 3;

/** RDS event categories that need a person: outages, failovers, storage and maintenance. */
export const RDS_EVENT_CATEGORIES = [
  "availability",
  "failover",
  "failure",
  "low storage",
  "maintenance",
  "notification",
  "recovery",
] as const;

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
  /** The realm's alerts; the database ones become alarms. @default from `thresholds` */
  readonly alerts?: readonly ResolvedAlert[];
}

/** Bytes of free storage below which the alarm fires: `freeStoragePercent` of the allocation. */
export function freeStorageThresholdBytes(allocatedStorageGb: number, freeStoragePercent: number): number {
  return Math.round((allocatedStorageGb * GIB * freeStoragePercent) / 100);
}

/**
 * How each database alert reads on RDS. The construct ids (`cpu-high`, ...) predate the
 * shared alert set and are kept: renaming them would replace the alarms in every realm.
 */
const RDS_METRICS: Partial<
  Record<AlertId, { id: string; metric: string; statistic: string; threshold: (a: ResolvedAlert, storageGb: number) => number }>
> = {
  databaseCpu: { id: "cpu-high", metric: "CPUUtilization", statistic: "Average", threshold: (a) => a.threshold },
  databaseFreeStorage: {
    id: "storage-low",
    metric: "FreeStorageSpace",
    statistic: "Minimum",
    threshold: (a, gb) => freeStorageThresholdBytes(gb, a.threshold),
  },
  databaseConnections: { id: "connections-high", metric: "DatabaseConnections", statistic: "Average", threshold: (a) => a.threshold },
  // Published while the instance has replicas; a Multi-AZ standby alone sends no samples, so
  // no data is not a breach (failovers arrive through the event subscription below).
  databaseReplicationLag: { id: "replica-lag-high", metric: "ReplicaLag", statistic: "Maximum", threshold: (a) => a.threshold },
};

/**
 * CloudWatch alarms on an RDS instance (the realm's database alerts: CPU, free storage,
 * connections, replication lag) and an RDS event subscription, all notifying one SNS topic on
 * alarm and on recovery.
 */
export class AwsDatabaseAlarms extends Construct {
  readonly alarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: AwsDatabaseAlarmsProps) {
    super(scope, id);
    const alerts = alertsOf(props).filter((a) => a.component === "database");
    this.alarms = alerts.flatMap((alert) => {
      const m = RDS_METRICS[alert.id];
      if (!m) return [];
      const threshold = m.threshold(alert, props.allocatedStorageGb);
      const shown = alert.id === "databaseFreeStorage" ? ` of ${props.allocatedStorageGb} GiB (${threshold} bytes)` : "";
      return [
        cloudWatchAlarm(this, m.id, {
          realm: props.realm,
          name: resourceName("aws", "default", props.realm, "db", m.id),
          alert,
          description: `Realm ${props.realm}: ${alert.condition}${shown}`,
          namespace: "AWS/RDS",
          metric: m.metric,
          statistic: m.statistic,
          dimensions: { DBInstanceIdentifier: props.instanceId },
          threshold,
          topicArn: props.topicArn,
        }),
      ];
    });

    new DbEventSubscription(this, "events", {
      name: resourceName("aws", "default", props.realm, "db", "events"),
      snsTopic: props.topicArn,
      sourceType: "db-instance",
      sourceIds: [props.instanceId],
      eventCategories: [...RDS_EVENT_CATEGORIES],
    });
  }
}
