import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GcsBackend, TerraformOutput, type TerraformStack } from "../cdktf";
import { GcpCluster } from "../../constructs/cluster/gcp";
import { databaseChoice } from "../../constructs/database";
import { GcpDatabase } from "../../constructs/database/gcp";
import { GcpDns } from "../../constructs/dns/gcp";
import { GcpKeys, type GcpServiceAgent } from "../../constructs/keys/gcp";
import { GcpNetwork } from "../../constructs/network/gcp";
import { GcpObservability } from "../../constructs/observability/gcp";
import { GcpAggregatorAccess } from "../../constructs/observability/gcp-aggregator-access";
import { gcpAggregatorAccess } from "../observability/realm-side";
import { GcpLogForwarder } from "../../constructs/observability/gcp-log-forwarder";
import { realmLogForwarder } from "../observability/log-forwarding";
import { CLUSTER_LOG_TYPES } from "../../constructs/cluster/gcp";
import { GcpServices } from "../../constructs/services/gcp";
import { GcpRuntimeConfig } from "../../constructs/runtime/gcp";
import { protectsData } from "../../constructs/common";
import { GcpStorage } from "../../constructs/storage/gcp";
import { RealmkitError } from "../config/errors";
import type { ComponentName } from "../config/types";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { realmTags } from "../model/tags";
import { expandStateTemplate, type ProviderKit } from "./kit";
import { publishesRuntimeConfig } from "../runtime/document";
import { runtimeConfigProps } from "./runtime-config";
import { configureBackend } from "./backend";
import { commonOutput } from "./outputs";
import { databaseWiring } from "./database";
import { componentProps, maxNodes, type ComponentPropsSet } from "./props";

/**
 * The GCP kit. There is no offline switch to set: the google provider makes no API call while
 * planning a stack without data sources, but it still needs credentials to start (Application
 * Default Credentials, or an access token in GOOGLE_OAUTH_ACCESS_TOKEN), so `--offline` changes
 * nothing in a GCP stack.
 */
export const gcpKit: ProviderKit = {
  provider: "gcp",

  configure(stack, realm, target, options) {
    const provider = new GoogleProvider(stack, "google", { project: target.account, region: target.region });
    // Every labelable resource gets the realm labels, including ones added by hand later; the
    // constructs also set them explicitly (see GcpScopeProps.labels). Set as an override because
    // cdktf 0.21 snake-cases the keys of provider maps (`cost-center` would become `cost_center`).
    provider.addOverride("default_labels", realmTags(realm.config, target));
    configureBackend("gcp", stack, realm, target, options, (state) => {
      // The GCS backend stores `<prefix>/<workspace>.tfstate`: one prefix per stack keeps stacks apart.
      new GcsBackend(stack, {
        bucket: expandStateTemplate(state.bucket, realm, target),
        prefix: `${expandStateTemplate(state.prefix ?? "realms", realm, target)}/${realm.id}/${target.stackId}`,
      });
    });
  },

  build(stack: TerraformStack, realm, target) {
    const props = componentProps(realm, target);
    const has = (c: ComponentName) => target.components.has(c);
    const scope = { project: target.account, region: target.region, labels: realmTags(realm.config, target) };

    const keys = new GcpKeys(stack, "keys", {
      ...props.keys,
      ...scope,
      projectNumber: projectNumberOf(realm, target),
      serviceAgents: serviceAgentsFor(target, props, realmLogForwarder(realm, target) !== undefined),
    });
    const key = (...agents: GcpServiceAgent[]) => ({ keyId: keys.keyId, keyGrants: keys.grantsFor(...agents) });

    const network = has("network") ? new GcpNetwork(stack, "network", { ...props.network, ...scope }) : undefined;

    const dbChoice = has("database") && props.database ? databaseChoice(props.database, "RK-GCP-DATABASE-KIND") : undefined;
    const database =
      has("database") && props.database && (network || dbChoice?.kind === "external")
        ? new GcpDatabase(stack, "database", {
            ...props.database,
            ...scope,
            ...key(dbChoice?.kind === "managed" ? "cloudsql" : "secretmanager"),
            network: network && {
              networkId: network.networkId,
              allocatedIpRange: network.privateServiceAccessRangeName,
              privateServiceAccess: network.privateServiceAccess,
            },
          })
        : undefined;
    const db = databaseWiring(stack, database, "address");

    if (has("dns") && props.dns && network) {
      new GcpDns(stack, "dns", { ...props.dns, ...scope, records: db.records, networkId: network.networkId });
    }

    const cluster =
      has("cluster") && props.cluster && network
        ? new GcpCluster(stack, "cluster", {
            ...props.cluster,
            ...scope,
            ...key("container", "compute"),
            networkId: network.networkId,
            subnetId: network.subnetId,
            podsRangeName: network.podsRangeName,
            podsCidr: network.podsCidr,
            servicesRangeName: network.servicesRangeName,
            controlPlaneCidr: network.controlPlaneCidr,
            realmCidr: props.network.cidr,
            zones: target.zones,
          })
        : undefined;
    if (cluster) commonOutput(stack, "clusterName", cluster.clusterName);

    const storage =
      has("storage") && props.storage ? new GcpStorage(stack, "storage", { ...props.storage, ...scope, ...key("storage") }) : undefined;
    if (storage) commonOutput(stack, "bucketNames", storage.bucketNames);

    const services =
      has("services") && props.services && network
        ? new GcpServices(stack, "services", {
            ...props.services,
            ...scope,
            ...(props.services.services.some((s) => s.secret) ? key("secretmanager") : { keyId: keys.keyId }),
            networkId: network.networkId,
          })
        : undefined;

    if (cluster && publishesRuntimeConfig(target)) {
      const secretName = (id: string) => `projects/${target.account}/secrets/${id}`;
      const runtime = new GcpRuntimeConfig(stack, "runtime-config", {
        ...runtimeConfigProps(realm, target, {
          databaseHost: db.runtimeHost,
          databaseSecret: database?.credentialsSecretId && secretName(database.credentialsSecretId),
          serviceSecrets: Object.fromEntries(Object.entries(services?.secretIds ?? {}).map(([name, id]) => [name, secretName(id)])),
          buckets: storage ? { ...storage.buckets } : {},
          observability: {},
        }),
        ...scope,
        ...key("secretmanager"),
        workloadPool: cluster.workloadPool,
        deletionProtection: protectsData(realm.config.tier),
      });
      new TerraformOutput(stack, "runtime_config_secret", { value: runtime.secretName });
      new TerraformOutput(stack, "app_service_account", { value: runtime.serviceAccountEmail });
    }

    const aggregatorAccess = gcpAggregatorAccess(realm, target);
    if (aggregatorAccess) new GcpAggregatorAccess(stack, "aggregator-access", aggregatorAccess);

    // Platform logs go to Datadog only when the fleet plan allows it (a site inside the residency).
    const forwarder = realmLogForwarder(realm, target);
    if (forwarder) {
      const filters = [
        `logName="projects/${target.account}/logs/cloudaudit.googleapis.com%2Factivity"`,
        ...(database?.monitoredDatabaseId
          ? [`resource.type="cloudsql_database" AND resource.labels.database_id="${database.monitoredDatabaseId}"`]
          : []),
        ...(cluster
          ? [
              `resource.type=(${CLUSTER_LOG_TYPES.map((t) => `"${t}"`).join(" OR ")}) AND resource.labels.cluster_name="${cluster.clusterName}"`,
            ]
          : []),
        ...(network ? [`resource.type=("gce_subnetwork" OR "nat_gateway" OR "gce_firewall_rule")`] : []),
      ];
      new GcpLogForwarder(stack, "log-forwarder", {
        ...scope,
        forwarder,
        secretKey: key("secretmanager"),
        bucketKey: key("storage"),
        uniqueSuffix: target.account,
        filters,
        network: network && { networkId: network.networkId, subnetName: network.subnetName, cidr: props.network.cidr },
        deletionProtection: protectsData(realm.config.tier),
        // The storage component's audit config is authoritative for Cloud Storage: without one, the forwarder audits its bucket.
        stagingAudit:
          storage && props.storage!.buckets.length > 0
            ? undefined
            : { retentionDays: props.observability?.logRetentionDays ?? props.network.flowLogRetentionDays },
      });
    }

    if (has("observability") && props.observability) {
      new GcpObservability(stack, "observability", {
        ...props.observability,
        ...scope,
        database: database?.monitoredDatabaseId ? { monitoredDatabaseId: database.monitoredDatabaseId } : undefined,
        cluster: cluster && { clusterName: cluster.clusterName, maxNodes: maxNodes(props) },
        bucketNames: storage?.bucketNames,
      });
    }
  },
};

/** The service agents of the components this stack deploys: exactly those get the key. */
export function serviceAgentsFor(target: CloudTarget, props: ComponentPropsSet, forwardsLogs = false): GcpServiceAgent[] {
  const has = (c: ComponentName) => target.components.has(c);
  const agents = new Set<GcpServiceAgent>();
  if (has("database") && props.database)
    agents.add(databaseChoice(props.database, "RK-GCP-DATABASE-KIND").kind === "managed" ? "cloudsql" : "secretmanager");
  if (has("services") && props.services?.services.some((s) => s.secret)) agents.add("secretmanager");
  if (has("storage") && props.storage) agents.add("storage");
  // The log forwarder's API key secret and Dataflow staging bucket use the realm key.
  if (forwardsLogs) {
    agents.add("secretmanager");
    agents.add("storage");
  }
  if (has("cluster") && props.cluster) {
    agents.add("container");
    agents.add("compute");
    if (publishesRuntimeConfig(target)) agents.add("secretmanager");
  }
  return [...agents].sort();
}

function projectNumberOf(realm: RealmModel, target: CloudTarget): string {
  const number = target.cloud.projectNumber;
  if (!number) {
    throw new RealmkitError("RK-CONFIG-MISSING-KEY", `the gcp cloud entry of realm ${realm.id} has no projectNumber`, {
      realm: realm.id,
      fix: "add `projectNumber: \"<digits>\"` to the gcp entry of `clouds` (gcloud projects describe <project> --format='value(projectNumber)')",
    });
  }
  return number;
}
