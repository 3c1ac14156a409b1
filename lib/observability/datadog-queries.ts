import type { Provider } from "../config/types";
import type { AlertId } from "../model/alerts";
import type { FleetMonitor, FleetRealm } from "./plan";

/**
 * How each alert reads in Datadog, per cloud: the metric Datadog's cloud integration imports
 * (AWS CloudWatch, GCP Cloud Monitoring, Azure Monitor, named as Datadog's integration pages
 * list them), the space aggregation, and how the threshold converts to the metric's unit. The
 * scope is the realm tag, which every realm resource carries and the integrations import.
 */
interface DatadogMetric {
  readonly metric: string;
  readonly aggregation: "avg" | "max" | "min" | "sum";
  /** Extra scope terms (metric tags) narrowing the series. */
  readonly where?: string;
  readonly asCount?: boolean;
  readonly value: (threshold: number, realm: FleetRealm) => number;
  /** Sparse metrics (replicas, errors) send nothing while all is well: no data is not an alert. */
  readonly sparse?: boolean;
}

const same = (t: number) => t;
const fraction = (t: number) => t / 100;
const usedFraction = (t: number) => 1 - t / 100;
const usedPercent = (t: number) => 100 - t;
const GIB = 1024 ** 3;
const freeBytes = (t: number, r: FleetRealm) => Math.round((storageGb(r) * GIB * t) / 100);
const capacityNodes = (t: number, r: FleetRealm) => Math.max(1, Math.floor((maxNodes(r) * t) / 100));

export const DATADOG_METRICS: Readonly<Record<Provider, Partial<Record<AlertId, DatadogMetric>>>> = {
  aws: {
    databaseCpu: { metric: "aws.rds.cpuutilization", aggregation: "avg", value: same },
    databaseFreeStorage: { metric: "aws.rds.free_storage_space", aggregation: "min", value: freeBytes },
    databaseConnections: { metric: "aws.rds.database_connections", aggregation: "avg", value: same },
    databaseReplicationLag: { metric: "aws.rds.replica_lag", aggregation: "max", value: same, sparse: true },
    clusterNodeHealth: { metric: "aws.containerinsights.cluster_failed_node_count", aggregation: "max", value: same },
    nodePoolCapacity: { metric: "aws.containerinsights.cluster_node_count", aggregation: "max", value: capacityNodes },
    storageErrors: { metric: "aws.s3.5xx_errors", aggregation: "sum", asCount: true, value: same, sparse: true },
  },
  gcp: {
    databaseCpu: { metric: "gcp.cloudsql.database.cpu.utilization", aggregation: "avg", value: fraction },
    databaseFreeStorage: { metric: "gcp.cloudsql.database.disk.utilization", aggregation: "max", value: usedFraction },
    databaseConnections: { metric: "gcp.cloudsql.database.postgresql.num_backends", aggregation: "sum", value: same },
    databaseReplicationLag: { metric: "gcp.cloudsql.database.replication.replica_lag", aggregation: "max", value: same, sparse: true },
    clusterNodeHealth: { metric: "gcp.gke.node.status_condition", where: "condition:ready,status:false", aggregation: "sum", value: same },
    nodePoolCapacity: { metric: "gcp.gke.node.cpu.allocatable_cores", aggregation: "sum", value: capacityNodes },
    storageErrors: {
      metric: "gcp.storage.api.request_count",
      where: "response_code:internal",
      aggregation: "sum",
      asCount: true,
      value: same,
      sparse: true,
    },
  },
  azure: {
    databaseCpu: { metric: "azure.dbforpostgresql_flexibleservers.cpu_percent", aggregation: "avg", value: same },
    databaseFreeStorage: { metric: "azure.dbforpostgresql_flexibleservers.storage_percent", aggregation: "max", value: usedPercent },
    databaseConnections: { metric: "azure.dbforpostgresql_flexibleservers.active_connections", aggregation: "max", value: same },
    databaseReplicationLag: {
      metric: "azure.dbforpostgresql_flexibleservers.physical_replication_delay_in_seconds",
      aggregation: "max",
      value: same,
      sparse: true,
    },
    clusterNodeHealth: {
      metric: "azure.containerservice_managedclusters.kube_node_status_condition",
      where: "condition:ready,status:false",
      aggregation: "sum",
      value: same,
    },
    nodePoolCapacity: {
      metric: "azure.containerservice_managedclusters.kube_node_status_condition",
      where: "condition:ready",
      aggregation: "sum",
      value: capacityNodes,
    },
    storageErrors: {
      metric: "azure.storage_storageaccounts.transactions",
      where: "responsetype:servererror",
      aggregation: "sum",
      asCount: true,
      value: same,
      sparse: true,
    },
  },
};

export interface DatadogQuery {
  readonly query: string;
  /** The threshold in the metric's unit (what the query compares against). */
  readonly critical: number;
  readonly notifyNoData: boolean;
}

/** The monitor query of one fleet monitor: `<time agg>(last_<n>m):<space agg>:<metric>{realm:..,region:..} <op> <value>`. */
export function datadogQuery(monitor: FleetMonitor, realm: FleetRealm): DatadogQuery {
  const m = DATADOG_METRICS[monitor.provider][monitor.alert.id];
  if (!m) throw new Error(`no Datadog metric for ${monitor.alert.id} on ${monitor.provider}`);
  const scope = [`realm:${monitor.realm}`, `region:${monitor.region}`, ...(m.where ? [m.where] : [])].join(",");
  const critical = m.value(monitor.alert.threshold, realm);
  // Free storage is alerted as "used above 100-x%" where the cloud reports use, not free space.
  const below = monitor.alert.direction === "below" && m.value !== usedFraction && m.value !== usedPercent;
  const series = `${m.aggregation}:${m.metric}{${scope}}${m.asCount ? ".as_count()" : ""}`;
  const timeAgg = m.asCount ? "sum" : below ? "min" : m.aggregation === "min" ? "min" : "avg";
  return {
    query: `${timeAgg}(last_${monitor.alert.windowMinutes}m):${series} ${below ? "<" : ">"} ${critical}`,
    critical,
    notifyNoData: !m.sparse,
  };
}

function storageGb(r: FleetRealm): number {
  const db = r.model.config.database;
  return db && !("external" in db) ? db.storageGb : 0;
}

function maxNodes(r: FleetRealm): number {
  return (r.model.config.cluster?.nodePools ?? []).reduce((n, p) => n + p.max, 0);
}
