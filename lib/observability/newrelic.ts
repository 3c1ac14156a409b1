import { AlertPolicy } from "@cdktf/provider-newrelic/lib/alert-policy";
import { CloudAwsLinkAccount } from "@cdktf/provider-newrelic/lib/cloud-aws-link-account";
import { CloudAzureLinkAccount } from "@cdktf/provider-newrelic/lib/cloud-azure-link-account";
import { CloudGcpLinkAccount } from "@cdktf/provider-newrelic/lib/cloud-gcp-link-account";
import { NrqlAlertCondition } from "@cdktf/provider-newrelic/lib/nrql-alert-condition";
import { NewrelicProvider, type NewrelicProviderConfig } from "@cdktf/provider-newrelic/lib/provider";
import { Construct } from "constructs";
import { Token } from "../cdktf";
import { sensitiveInput } from "./datadog";
import { RealmkitError } from "../config/errors";
import type { Provider } from "../config/types";
import { severityScales, type AlertId } from "../model/alerts";
import { AGGREGATOR_IDENTITIES, type Aggregator, type PagingRoute } from "./aggregator";
import { notifyRealm } from "./newrelic-notify";
import type { FleetMonitor, FleetRealm } from "./plan";

/**
 * The alert metrics as New Relic stores them (dimensional `Metric` events from AWS metric
 * streams and the GCP and Azure integrations), with the aggregation the condition applies.
 */
const NR_METRICS: Readonly<
  Record<Provider, Partial<Record<AlertId, { metric: string; fn: string; where?: string; scale?: (t: number) => number }>>>
> = {
  aws: {
    databaseCpu: { metric: "aws.rds.CPUUtilization", fn: "average" },
    databaseFreeStorage: { metric: "aws.rds.FreeStorageSpace", fn: "min" },
    databaseConnections: { metric: "aws.rds.DatabaseConnections", fn: "average" },
    databaseReplicationLag: { metric: "aws.rds.ReplicaLag", fn: "max" },
    clusterNodeHealth: { metric: "aws.containerinsights.cluster_failed_node_count", fn: "max" },
    nodePoolCapacity: { metric: "aws.containerinsights.cluster_node_count", fn: "max" },
    storageErrors: { metric: "aws.s3.5xxErrors", fn: "sum" },
  },
  gcp: {
    databaseCpu: { metric: "gcp.cloudsql.database.cpu.utilization", fn: "average", scale: (t) => t / 100 },
    databaseFreeStorage: { metric: "gcp.cloudsql.database.disk.utilization", fn: "max", scale: (t) => 1 - t / 100 },
    databaseConnections: { metric: "gcp.cloudsql.database.postgresql.num_backends", fn: "sum" },
    databaseReplicationLag: { metric: "gcp.cloudsql.database.replication.replica_lag", fn: "max" },
    clusterNodeHealth: { metric: "gcp.kubernetes.node.status_condition", fn: "sum", where: "condition = 'Ready' AND status != 'True'" },
    nodePoolCapacity: { metric: "gcp.kubernetes.node.cpu.allocatable_cores", fn: "uniqueCount", where: "true" },
    storageErrors: { metric: "gcp.storage.api.request_count", fn: "sum", where: "response_code = 'INTERNAL'" },
  },
  azure: {
    databaseCpu: { metric: "azure.dbforpostgresql.flexibleservers.cpu_percent", fn: "average" },
    databaseFreeStorage: { metric: "azure.dbforpostgresql.flexibleservers.storage_percent", fn: "max", scale: (t) => 100 - t },
    databaseConnections: { metric: "azure.dbforpostgresql.flexibleservers.active_connections", fn: "max" },
    databaseReplicationLag: { metric: "azure.dbforpostgresql.flexibleservers.physical_replication_delay_in_seconds", fn: "max" },
    clusterNodeHealth: {
      metric: "azure.containerservice.managedclusters.kube_node_status_condition",
      fn: "sum",
      where: "condition = 'Ready' AND status != 'true'",
    },
    nodePoolCapacity: {
      metric: "azure.containerservice.managedclusters.kube_node_status_condition",
      fn: "sum",
      where: "condition = 'Ready'",
    },
    storageErrors: { metric: "azure.storage.storageaccounts.Transactions", fn: "sum", where: "ResponseType LIKE 'Server%'" },
  },
};

/** The NRQL and threshold of one fleet monitor. */
export function nrqlFor(monitor: FleetMonitor, realm: FleetRealm): { query: string; threshold: number; operator: "above" | "below" } {
  const m = NR_METRICS[monitor.provider][monitor.alert.id];
  if (!m) throw new Error(`no New Relic metric for ${monitor.alert.id} on ${monitor.provider}`);
  let threshold = m.scale ? m.scale(monitor.alert.threshold) : monitor.alert.threshold;
  if (monitor.alert.id === "databaseFreeStorage" && monitor.provider === "aws") {
    const db = realm.model.config.database;
    threshold = Math.round(((db && !("external" in db) ? db.storageGb : 0) * 1024 ** 3 * monitor.alert.threshold) / 100);
  }
  if (monitor.alert.id === "nodePoolCapacity") {
    const max = (realm.model.config.cluster?.nodePools ?? []).reduce((n, p) => n + p.max, 0);
    threshold = Math.max(1, Math.floor((max * monitor.alert.threshold) / 100));
  }
  const value = m.fn === "uniqueCount" ? "uniqueCount(entity.guid)" : `${m.fn}(\`${m.metric}\`)`;
  const where = [`realm = '${monitor.realm}'`, `region = '${monitor.region}'`, ...(m.where && m.where !== "true" ? [m.where] : [])].join(
    " AND ",
  );
  const from = m.fn === "uniqueCount" ? `Metric WHERE metricName = '${m.metric}' AND ` : "Metric WHERE ";
  // Free storage falls; where the cloud reports use instead, "used above" is the same alert.
  const operator = monitor.alert.direction === "below" && !m.scale ? "below" : "above";
  return { query: `SELECT ${value} FROM ${from}${where}`, threshold, operator };
}

/**
 * New Relic as the aggregator: per realm cloud account a cloud integration link (AWS through
 * a role in the realm account, GCP by project, Azure through an app registration) and an
 * alert policy with one NRQL condition per fleet monitor, whose issues a workflow sends to the
 * realm's PagerDuty service or its alert e-mails (newrelic-notify.ts). The provider reads its
 * key and account from NEW_RELIC_API_KEY / NEW_RELIC_ACCOUNT_ID, so neither is in the stack.
 */
export class NewRelicAggregator implements Aggregator {
  readonly name = "newrelic" as const;

  build(scope: Construct, realms: readonly FleetRealm[], routes: ReadonlyMap<string, PagingRoute>): void {
    const byRegion = new Map<string, FleetRealm[]>();
    for (const r of realms) byRegion.set(r.destination!.site, [...(byRegion.get(r.destination!.site) ?? []), r]);
    for (const [region, regionRealms] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
      const group = new Construct(scope, `newrelic-${region.toLowerCase()}`);
      // Both fields come from the environment (NEW_RELIC_ACCOUNT_ID, NEW_RELIC_API_KEY): the
      // binding types them as required, the provider does not.
      const provider = new NewrelicProvider(group, "provider", {
        alias: `newrelic_${region.toLowerCase()}`,
        region,
      } as NewrelicProviderConfig);
      for (const realm of regionRealms) this.realm(group, realm, provider, routes.get(realm.realm));
    }
  }

  private realm(scope: Construct, realm: FleetRealm, provider: NewrelicProvider, route: PagingRoute | undefined): void {
    const nr = realm.model.config.observability?.newrelic;
    for (const a of realm.accounts) {
      const name = `ibc-${realm.realm}-${a.provider}`;
      if (a.provider === "aws") {
        new CloudAwsLinkAccount(scope, `link-${name}`, {
          provider,
          name,
          arn: `arn:aws:iam::${a.account}:role/${AGGREGATOR_IDENTITIES.newrelicAwsRole}`,
          metricCollectionMode: "PUSH",
        });
      } else if (a.provider === "gcp") {
        new CloudGcpLinkAccount(scope, `link-${name}`, { provider, name, projectId: a.account });
      } else {
        if (!a.target.cloud.tenant || !nr?.azureClientId) {
          throw new RealmkitError(
            "RK-OBSERVABILITY-AZURE-APP",
            `realm ${realm.realm} sends Azure metrics to New Relic but names no ${a.target.cloud.tenant ? "app registration" : "tenant"}`,
            {
              realm: realm.realm,
              fix: "set observability.newrelic.azureClientId to the Entra ID app New Relic reads with, and `tenant` on the azure cloud entry",
            },
          );
        }
        const secretName = `newrelic_azure_client_secret_${realm.realm}`;
        const secret = sensitiveInput(
          scope,
          secretName,
          `Client secret of the New Relic app registration for realm ${realm.realm} (set TF_VAR_${secretName})`,
        );
        new CloudAzureLinkAccount(scope, `link-${name}`, {
          provider,
          name,
          applicationId: nr.azureClientId,
          clientSecret: secret.stringValue,
          subscriptionId: a.account,
          tenantId: a.target.cloud.tenant,
        });
      }
    }
    const policy = new AlertPolicy(scope, `policy-${realm.realm}`, {
      provider,
      name: `ibc-${realm.realm}`,
      incidentPreference: "PER_CONDITION",
    });
    for (const monitor of realm.monitors) {
      const q = nrqlFor(monitor, realm);
      const window = monitor.alert.windowMinutes * 60;
      new NrqlAlertCondition(scope, `condition-${monitor.key.replace(/\//g, "-")}`, {
        provider,
        policyId: Token.asNumber(policy.id),
        name: `[${monitor.realm}] ${monitor.alert.title} (${monitor.provider} ${monitor.region})`,
        description: `${monitor.alert.condition}; tags: ${monitor.tags.join(", ")}`,
        type: "static",
        enabled: true,
        nrql: { query: q.query },
        aggregationWindow: 60,
        // Critical and high alerts open critical incidents; medium and low only warn.
        [severityScales.newrelic[monitor.alert.severity]]: {
          operator: q.operator,
          threshold: q.threshold,
          thresholdDuration: window,
          thresholdOccurrences: "all",
        },
        violationTimeLimitSeconds: 86400,
      });
    }
    notifyRealm(scope, realm, policy, provider, route);
  }
}
