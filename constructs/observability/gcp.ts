import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { gcpLabels, type GcpScopeProps } from "../gcp-scope";
import { DEFAULT_THRESHOLDS, type ObservabilityProps } from "./index";

export interface GcpObservabilityProps extends ObservabilityProps, GcpScopeProps {
  /**
   * The Cloud SQL instance to watch, by its metric label `database_id` (`<project>:<instance>`).
   * @default no database alerts (external database or none)
   */
  readonly database?: { readonly monitoredDatabaseId: string };
}

type Thresholds = typeof DEFAULT_THRESHOLDS;

/** Cloud SQL metrics the alerts read, with how their threshold derives from the realm thresholds. */
const DATABASE_ALERTS = [
  {
    id: "cpu",
    title: "CPU",
    metric: "cloudsql.googleapis.com/database/cpu/utilization",
    // The metric is a fraction of the reserved cores.
    threshold: (t: Thresholds) => t.cpuPercent / 100,
    explain: (t: Thresholds) => `CPU above ${t.cpuPercent}% for 5 minutes`,
    reducer: undefined,
  },
  {
    id: "disk",
    title: "disk",
    metric: "cloudsql.googleapis.com/database/disk/utilization",
    threshold: (t: Thresholds) => 1 - t.freeStoragePercent / 100,
    explain: (t: Thresholds) => `less than ${t.freeStoragePercent}% of the disk free for 5 minutes (autoresize may have reached its limit)`,
    reducer: undefined,
  },
  {
    id: "connections",
    title: "connections",
    metric: "cloudsql.googleapis.com/database/postgresql/num_backends",
    threshold: (t: Thresholds) => t.connections,
    explain: (t: Thresholds) => `more than ${t.connections} connections for 5 minutes`,
    // The metric is reported per database inside the instance; the limit is on their sum.
    reducer: "REDUCE_SUM",
  },
] as const;

/**
 * Alert routing for a realm on GCP: one e-mail notification channel per address and, when the
 * realm has a managed database, alert policies on Cloud SQL CPU, disk use and connections
 * with the same thresholds as on every other cloud.
 *
 * Log retention (`logRetentionDays`) is applied where logs are routed: the realm log buckets
 * of the network and the cluster.
 */
export class GcpObservability extends Construct {
  readonly notificationChannelIds: string[];
  /** Alert policy ids by alert (`cpu`, `disk`, `connections`). */
  readonly alertPolicyIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GcpObservabilityProps) {
    super(scope, id);
    const thresholds = { ...DEFAULT_THRESHOLDS, ...(props.thresholds ?? {}) };
    check(props, thresholds);

    const channels = [...new Set(props.alertEmails)].map(
      (email, i) =>
        new MonitoringNotificationChannel(this, `email-${i}`, {
          project: props.project,
          type: "email",
          displayName: `Realm ${props.realm} alerts: ${email}`,
          labels: { email_address: email },
          userLabels: gcpLabels(props.labels),
          // A channel some alert policy still uses is not deleted from under it.
          forceDelete: false,
        }),
    );

    const alertPolicyIds: Record<string, string> = {};
    if (props.database) {
      const databaseId = props.database.monitoredDatabaseId;
      for (const alert of DATABASE_ALERTS) {
        const policy = new MonitoringAlertPolicy(this, `database-${alert.id}`, {
          project: props.project,
          displayName: `Realm ${props.realm} database ${alert.title}`,
          combiner: "OR",
          severity: "CRITICAL",
          notificationChannels: channels.map((c) => c.id),
          userLabels: gcpLabels(props.labels),
          documentation: {
            mimeType: "text/markdown",
            subject: `Realm ${props.realm}: database ${alert.title} alert`,
            content: `Cloud SQL instance \`${databaseId}\` of realm ${props.realm}: ${alert.explain(thresholds)}.`,
          },
          alertStrategy: { autoClose: "1800s" },
          conditions: [
            {
              displayName: alert.explain(thresholds),
              conditionThreshold: {
                filter: `resource.type = "cloudsql_database" AND resource.labels.database_id = "${databaseId}" AND metric.type = "${alert.metric}"`,
                comparison: "COMPARISON_GT",
                thresholdValue: alert.threshold(thresholds),
                duration: "300s",
                aggregations: [
                  {
                    alignmentPeriod: "300s",
                    perSeriesAligner: "ALIGN_MEAN",
                    ...(alert.reducer ? { crossSeriesReducer: alert.reducer, groupByFields: ["resource.labels.database_id"] } : {}),
                  },
                ],
                trigger: { count: 1 },
              },
            },
          ],
        });
        alertPolicyIds[alert.id] = policy.id;
      }
    }

    this.notificationChannelIds = channels.map((c) => c.id);
    this.alertPolicyIds = alertPolicyIds;
  }
}

function check(props: GcpObservabilityProps, t: Thresholds): void {
  const fail = (message: string, value: unknown, fix: string): never => {
    throw new RealmkitError("RK-GCP-OBSERVABILITY", message, { realm: props.realm, value, fix });
  };
  if (props.alertEmails.length === 0) fail("no alert e-mail address: alerts would reach nobody", props.alertEmails, "add at least one address to observability.alertEmails");
  if (!(t.cpuPercent > 0 && t.cpuPercent <= 100)) fail(`cpuPercent must be above 0 and at most 100, got ${t.cpuPercent}`, t.cpuPercent, "use e.g. 80");
  if (!(t.freeStoragePercent > 0 && t.freeStoragePercent < 100)) fail(`freeStoragePercent must be between 0 and 100, got ${t.freeStoragePercent}`, t.freeStoragePercent, "use e.g. 10");
  if (!(Number.isInteger(t.connections) && t.connections > 0)) fail(`connections must be a positive whole number, got ${t.connections}`, t.connections, "use e.g. 400");
}
