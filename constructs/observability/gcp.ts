import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { Construct } from "constructs";
import { gcpLabels, type GcpScopeProps } from "../gcp-scope";
import type { AlertId } from "../../lib/model/alerts";
import { severityScales } from "../../lib/model/alerts";
import { checkGcpAlert, checkGcpAlertEmails } from "./gcp-alert-limits";
import { alertsOf, type ObservabilityProps, type ResolvedAlert } from "./index";

export interface GcpObservabilityProps extends ObservabilityProps, GcpScopeProps {
  /**
   * The Cloud SQL instance to watch, by its metric label `database_id` (`<project>:<instance>`).
   * @default no database alerts (external database or none)
   */
  readonly database?: { readonly monitoredDatabaseId: string };
  /** The GKE cluster (its name) and the node pools' ceiling. @default no cluster alerts */
  readonly cluster?: { readonly clusterName: string; readonly maxNodes: number };
  /** Names of the realm's buckets. @default no storage alerts */
  readonly bucketNames?: readonly string[];
}

/** How one alert reads on Cloud Monitoring: the monitored resource, metric and value scale. */
interface GcpMetric {
  readonly id: string;
  readonly resource: string;
  readonly metric: string;
  /** Extra filter terms (metric labels) narrowing the series. */
  readonly where?: string;
  readonly value: (a: ResolvedAlert, target: GcpTargets) => number;
  readonly aligner: string;
  readonly reducer?: { readonly reducer: string; readonly groupBy: string };
  readonly comparison?: "COMPARISON_GT" | "COMPARISON_LT";
}

interface GcpTargets {
  readonly databaseId?: string;
  readonly clusterName?: string;
  readonly maxNodes?: number;
  readonly bucketNames?: readonly string[];
}

/**
 * The realm alerts on Cloud SQL, GKE and Cloud Storage. The database ids (`cpu`, `disk`,
 * `connections`) predate the shared alert set and are kept so existing policies stay in place.
 */
const GCP_METRICS: Partial<Record<AlertId, GcpMetric>> = {
  // The metric is a fraction of the reserved cores.
  databaseCpu: {
    id: "cpu",
    resource: "cloudsql_database",
    metric: "cloudsql.googleapis.com/database/cpu/utilization",
    value: (a) => a.threshold / 100,
    aligner: "ALIGN_MEAN",
  },
  // Disk utilization rises as free storage falls: "free below x%" is "used above 100-x%".
  databaseFreeStorage: {
    id: "disk",
    resource: "cloudsql_database",
    metric: "cloudsql.googleapis.com/database/disk/utilization",
    value: (a) => 1 - a.threshold / 100,
    aligner: "ALIGN_MEAN",
  },
  // Reported per database inside the instance; the limit is on their sum.
  databaseConnections: {
    id: "connections",
    resource: "cloudsql_database",
    metric: "cloudsql.googleapis.com/database/postgresql/num_backends",
    value: (a) => a.threshold,
    aligner: "ALIGN_MEAN",
    reducer: { reducer: "REDUCE_SUM", groupBy: "resource.labels.database_id" },
  },
  // Seconds replicas trail the primary; sent while the instance has replicas.
  databaseReplicationLag: {
    id: "replication-lag",
    resource: "cloudsql_database",
    metric: "cloudsql.googleapis.com/database/replication/replica_lag",
    value: (a) => a.threshold,
    aligner: "ALIGN_MAX",
  },
  // GKE system metric: 1 for each node whose Ready condition is not True.
  clusterNodeHealth: {
    id: "nodes-not-ready",
    resource: "k8s_node",
    metric: "kubernetes.io/node/status_condition",
    where: 'metric.labels.condition = "Ready" AND metric.labels.status != "True"',
    value: (a) => a.threshold,
    aligner: "ALIGN_MAX",
    reducer: { reducer: "REDUCE_SUM", groupBy: "resource.labels.cluster_name" },
  },
  // One series per node: their count is the node count, compared to the pools' ceiling.
  nodePoolCapacity: {
    id: "node-capacity",
    resource: "k8s_node",
    metric: "kubernetes.io/node/cpu/allocatable_cores",
    value: (a, t) => Math.max(1, Math.floor(((t.maxNodes ?? 0) * a.threshold) / 100)),
    aligner: "ALIGN_MEAN",
    reducer: { reducer: "REDUCE_COUNT", groupBy: "resource.labels.cluster_name" },
  },
  storageErrors: {
    id: "storage-errors",
    resource: "gcs_bucket",
    metric: "storage.googleapis.com/api/request_count",
    where: 'metric.labels.response_code = one_of("INTERNAL", "UNAVAILABLE", "DEADLINE_EXCEEDED")',
    value: (a) => a.threshold,
    aligner: "ALIGN_SUM",
    reducer: { reducer: "REDUCE_SUM", groupBy: "resource.labels.bucket_name" },
  },
};

/** The watched resource in words, for the policy documentation. */
function whatIsWatched(m: GcpMetric, t: GcpTargets): string {
  if (m.resource === "cloudsql_database") return `Cloud SQL instance \`${t.databaseId}\``;
  if (m.resource === "k8s_node") return `GKE cluster \`${t.clusterName}\``;
  return `Buckets ${(t.bucketNames ?? []).map((n) => `\`${n}\``).join(", ")}`;
}

/** The resource filter of a component's alerts: the realm's own database, cluster or buckets. */
function resourceFilter(m: GcpMetric, t: GcpTargets): string | undefined {
  if (m.resource === "cloudsql_database") return t.databaseId && `resource.labels.database_id = "${t.databaseId}"`;
  if (m.resource === "k8s_node") return t.clusterName && `resource.labels.cluster_name = "${t.clusterName}"`;
  const names = t.bucketNames ?? [];
  return names.length ? `resource.labels.bucket_name = one_of(${names.map((n) => `"${n}"`).join(", ")})` : undefined;
}

/**
 * Alert routing for a realm on GCP: one e-mail notification channel per address and the
 * realm's alerts as alert policies on the Cloud SQL instance, GKE cluster and buckets it is
 * given, with the same thresholds, windows and severities as on every other cloud.
 *
 * Log retention (`logRetentionDays`) is applied where logs are routed: the realm log buckets
 * of the network and the cluster.
 */
export class GcpObservability extends Construct {
  readonly notificationChannelIds: string[];
  /** Alert policy ids by alert (`cpu`, `disk`, `connections`, `nodes-not-ready`, ...). */
  readonly alertPolicyIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GcpObservabilityProps) {
    super(scope, id);
    const alerts = alertsOf(props);
    checkGcpAlertEmails(props.alertEmails, props.realm);
    for (const alert of alerts) checkGcpAlert(alert, props.realm);

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

    const targets: GcpTargets = {
      databaseId: props.database?.monitoredDatabaseId,
      clusterName: props.cluster?.clusterName,
      maxNodes: props.cluster?.maxNodes,
      bucketNames: props.bucketNames,
    };
    const alertPolicyIds: Record<string, string> = {};
    for (const alert of alerts) {
      const m = GCP_METRICS[alert.id];
      const resource = m && resourceFilter(m, targets);
      if (!m || !resource) continue;
      const window = `${alert.windowMinutes * 60}s`;
      const title = alert.title;
      const policy = new MonitoringAlertPolicy(this, `${alert.component === "database" ? "database-" : ""}${m.id}`, {
        project: props.project,
        displayName: `Realm ${props.realm} ${title}`,
        combiner: "OR",
        severity: severityScales.gcp[alert.severity],
        notificationChannels: channels.map((c) => c.id),
        userLabels: gcpLabels(props.labels),
        documentation: {
          mimeType: "text/markdown",
          subject: `Realm ${props.realm}: ${title} alert`,
          content: `${whatIsWatched(m, targets)} of realm ${props.realm}: ${alert.condition}.`,
        },
        alertStrategy: { autoClose: "1800s" },
        conditions: [
          {
            displayName: alert.condition,
            conditionThreshold: {
              filter: [`resource.type = "${m.resource}"`, resource, `metric.type = "${m.metric}"`, ...(m.where ? [m.where] : [])].join(
                " AND ",
              ),
              comparison: m.comparison ?? "COMPARISON_GT",
              thresholdValue: m.value(alert, targets),
              duration: window,
              aggregations: [
                {
                  alignmentPeriod: window,
                  perSeriesAligner: m.aligner,
                  ...(m.reducer ? { crossSeriesReducer: m.reducer.reducer, groupByFields: [m.reducer.groupBy] } : {}),
                },
              ],
              trigger: { count: 1 },
            },
          },
        ],
      });
      alertPolicyIds[m.id] = policy.id;
    }

    this.notificationChannelIds = channels.map((c) => c.id);
    this.alertPolicyIds = alertPolicyIds;
  }
}
