import type { Provider } from "../../../config/types";
import { realmAlerts, watchedComponents, type AlertId } from "../../../model/alerts";
import { destinationOf } from "../../../model/aggregator-sites";
import { defineStackRule, fail, notApplicable, pass, type AddressedResult } from "../../types";
import type { ResourceView } from "../../view/types";

type Matcher = (r: ResourceView) => boolean;
const str = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? ""));

const cloudWatch =
  (metric: string): Matcher =>
  (r) =>
    r.type === "aws_cloudwatch_metric_alarm" && r.values.metric_name === metric;
const gcpPolicy =
  (metricType: string): Matcher =>
  (r) =>
    r.type === "google_monitoring_alert_policy" && str(r.values.conditions).includes(`metric.type = \\"${metricType}\\"`);
const azureAlert =
  (metric: string, dimension?: string): Matcher =>
  (r) =>
    r.type === "azurerm_monitor_metric_alert" &&
    str(r.values.criteria).includes(`"metric_name":"${metric}"`) &&
    (!dimension || str(r.values.criteria).includes(dimension));

/**
 * How each alert shows as a native alarm on each cloud: the metric it reads (the constructs
 * in constructs/observability write these; their tests and this rule keep the two in step).
 */
const NATIVE: Readonly<Record<Provider, Readonly<Record<AlertId, Matcher>>>> = {
  aws: {
    databaseCpu: cloudWatch("CPUUtilization"),
    databaseFreeStorage: cloudWatch("FreeStorageSpace"),
    databaseConnections: cloudWatch("DatabaseConnections"),
    databaseReplicationLag: cloudWatch("ReplicaLag"),
    clusterNodeHealth: cloudWatch("cluster_failed_node_count"),
    nodePoolCapacity: cloudWatch("cluster_node_count"),
    storageErrors: cloudWatch("5xxErrors"),
  },
  gcp: {
    databaseCpu: gcpPolicy("cloudsql.googleapis.com/database/cpu/utilization"),
    databaseFreeStorage: gcpPolicy("cloudsql.googleapis.com/database/disk/utilization"),
    databaseConnections: gcpPolicy("cloudsql.googleapis.com/database/postgresql/num_backends"),
    databaseReplicationLag: gcpPolicy("cloudsql.googleapis.com/database/replication/replica_lag"),
    clusterNodeHealth: gcpPolicy("kubernetes.io/node/status_condition"),
    nodePoolCapacity: gcpPolicy("kubernetes.io/node/cpu/allocatable_cores"),
    storageErrors: gcpPolicy("storage.googleapis.com/api/request_count"),
  },
  azure: {
    databaseCpu: azureAlert("cpu_percent"),
    databaseFreeStorage: azureAlert("storage_percent"),
    databaseConnections: azureAlert("active_connections"),
    databaseReplicationLag: azureAlert("physical_replication_delay_in_seconds"),
    clusterNodeHealth: azureAlert("kube_node_status_condition", '["false","unknown"]'),
    nodePoolCapacity: azureAlert("kube_node_status_condition", '["true","false","unknown"]'),
    storageErrors: azureAlert("Transactions", "ServerOtherError"),
  },
};

export default defineStackRule({
  id: "RK-OBSERVABILITY-COVERAGE",
  title: "Every deployed component has its alerts, on its cloud and in the fleet stack",
  description:
    "Each database, cluster and bucket set a realm stack deploys must carry the realm's alert set (`observability.alerts`) as native alarms, and the realm must send them to an aggregator so the fleet-observability stack holds a monitor for each (that stack's own check then finds every monitor by its tags).",
  severity: "high",
  provider: "any",
  reads:
    "the stack's alarm resources (CloudWatch, Cloud Monitoring, Azure Monitor), and the realm's components, `observability.alerts` and `observability.aggregator`",
  publicIds: {},
  fix: "keep the alert enabled in observability.alerts (or restore the alarm an escape hatch removed), and set observability.aggregator to datadog or newrelic",
  check(stack, ctx) {
    const realm = ctx.realm;
    const target = ctx.target;
    if (!realm || !target)
      return [{ address: "observability", ...notApplicable("coverage is judged against the realm file: pass --realms to check it") }];
    const alerts = realmAlerts(realm.config, target);
    const results: AddressedResult[] = [];
    for (const component of watchedComponents(realm.config, target)) {
      const mine = alerts.filter((a) => a.component === component);
      const address = `observability.${component}`;
      if (mine.length === 0) {
        results.push({ address, ...fail(`${component} is deployed but every one of its alerts is disabled in observability.alerts`) });
        continue;
      }
      const missing = mine.filter((a) => !stack.resources.some(NATIVE[target.provider][a.id]));
      const fleet = destinationOf(realm.config);
      const problems = [
        ...(missing.length ? [`no native alarm for ${missing.map((a) => a.title).join(", ")}`] : []),
        ...(fleet ? [] : ["observability.aggregator is none: no fleet monitor watches it"]),
      ];
      results.push({
        address,
        ...(problems.length
          ? fail(problems.join("; "))
          : pass(`${mine.length} alerts on ${target.provider} and in ${fleet!.aggregator} (${fleet!.site})`)),
      });
    }
    if (results.length === 0)
      results.push({ address: "observability", ...notApplicable("the stack deploys no database, cluster or storage") });
    return results;
  },
});
