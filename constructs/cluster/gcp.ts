import { gkeDailyStart } from "../../lib/model/maintenance";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool, type ContainerNodePoolNodeConfig } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { protectsData } from "../common";
import { gcpLabels, type GcpKeyRef, type GcpScopeProps } from "../gcp-scope";
import { GcpLogRoute } from "../observability/gcp-log-route";
import { gkeMaxNodes, gkeMaxPodsPerNode } from "./gcp-pods";
import type { ClusterProps, NodePoolSpec } from "./index";

export interface GcpClusterProps extends ClusterProps, GcpScopeProps, GcpKeyRef {
  /** Network id `projects/<p>/global/networks/<name>`. */
  readonly networkId: string;
  /** The node subnet (with the pod and service secondary ranges). */
  readonly subnetId: string;
  readonly podsRangeName: string;
  /** Address range behind `podsRangeName`; sizes the pods-per-node limit. */
  readonly podsCidr: string;
  readonly servicesRangeName: string;
  /** /28 for the control plane's private endpoint. */
  readonly controlPlaneCidr: string;
  /** Realm network range: always allowed to reach the control plane. */
  readonly realmCidr: string;
  /** Zones the nodes run in; empty lets GKE pick the region's default zones. */
  readonly zones: readonly string[];
  /**
   * Release channel; GKE upgrades the control plane and nodes within it.
   * @default "STABLE" for prod, "REGULAR" otherwise
   */
  readonly releaseChannel?: "RAPID" | "REGULAR" | "STABLE";
}

/** Project roles of the node service account: what kubelet and the node agents need, nothing else. */
export const GKE_NODE_ROLES = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"] as const;

/** Monitored resource types of a GKE cluster's logs (its log route and the log forwarder's sink). */
export const CLUSTER_LOG_TYPES = [
  "k8s_cluster",
  "k8s_control_plane_component",
  "k8s_node",
  "k8s_pod",
  "k8s_container",
  "gke_cluster",
  "gke_nodepool",
];

/**
 * The realm's Kubernetes cluster on GCP: a regional GKE Standard cluster with private nodes and
 * a private endpoint reachable only from the realm network and the authorized networks,
 * workload identity, shielded nodes, Dataplane V2 (which enforces NetworkPolicy), secrets
 * encrypted in etcd with the realm key, a release channel, and one autoscaled node pool per
 * `nodePools` entry running as a least-privilege service account. Cluster logs go to a realm
 * log bucket with the realm's retention.
 */
export class GcpCluster extends Construct {
  readonly clusterName: string;
  readonly clusterId: string;
  /** Private endpoint address of the control plane. */
  readonly endpoint: string;
  /** Identity the nodes run as. */
  readonly nodeServiceAccountEmail: string;
  /** Workload identity pool: `<project>.svc.id.goog`. */
  readonly workloadPool: string;

  constructor(scope: Construct, id: string, props: GcpClusterProps) {
    super(scope, id);
    const { realm, project, region } = props;
    checkPools(props);
    const name = resourceName("gcp", "cluster", realm, "gke");
    const zoneCount = Math.max(1, props.zones.length);
    const maxNodes = gkeMaxNodes(props.nodePools, props.zones.length);
    const maxPodsPerNode = gkeMaxPodsPerNode(props.podsCidr, maxNodes, realm);
    const workloadPool = `${project}.svc.id.goog`;

    const nodeAccount = new ServiceAccount(this, "node-sa", {
      project,
      accountId: resourceName("gcp", "serviceAccount", realm, "gke-nodes"),
      displayName: `GKE nodes of realm ${realm}`,
      description: "Runs the realm's GKE nodes; holds only the node roles (logs, metrics, image pulls)",
    });
    const nodeRoles = GKE_NODE_ROLES.map(
      (role) =>
        new ProjectIamMember(this, `node-role-${role.split("/")[1]!.replace(/\./g, "-")}`, {
          project,
          role,
          member: nodeAccount.member,
        }),
    );

    const nodeConfig: ContainerNodePoolNodeConfig = {
      serviceAccount: nodeAccount.email,
      // Access is decided by IAM on the service account; the legacy scope is only the upper bound.
      oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
      imageType: "COS_CONTAINERD",
      bootDiskKmsKey: props.keyId,
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      // Pods see the GKE metadata server: workload identity, never the node's credentials.
      workloadMetadataConfig: { mode: "GKE_METADATA" },
      metadata: { "disable-legacy-endpoints": "true" },
    };

    const cluster = new ContainerCluster(this, "cluster", {
      name,
      project,
      location: region,
      nodeLocations: props.zones.length ? [...props.zones] : undefined,
      description: `Kubernetes cluster of realm ${realm}`,
      network: props.networkId,
      subnetwork: props.subnetId,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: {
        clusterSecondaryRangeName: props.podsRangeName,
        servicesSecondaryRangeName: props.servicesRangeName,
        stackType: "IPV4",
      },
      defaultMaxPodsPerNode: maxPodsPerNode,
      // The default pool is replaced by the pools below; it still starts hardened, and its
      // node_config is ignored afterwards because it no longer exists.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig,
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: true,
        masterIpv4CidrBlock: props.controlPlaneCidr,
        masterGlobalAccessConfig: { enabled: false },
      },
      masterAuthorizedNetworksConfig: {
        gcpPublicCidrsAccessEnabled: false,
        privateEndpointEnforcementEnabled: true,
        cidrBlocks: [
          { cidrBlock: props.realmCidr, displayName: `realm ${realm} network` },
          ...(props.authorizedNetworks ?? []).map((cidr) => ({ cidrBlock: cidr, displayName: `authorized ${cidr}` })),
        ],
      },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      enableLegacyAbac: false,
      workloadIdentityConfig: { workloadPool },
      enableShieldedNodes: true,
      enableIntranodeVisibility: true,
      // Dataplane V2 (eBPF) enforces Kubernetes NetworkPolicy without the Calico add-on.
      datapathProvider: "ADVANCED_DATAPATH",
      releaseChannel: { channel: props.releaseChannel ?? (props.tier === "prod" ? "STABLE" : "REGULAR") },
      minMasterVersion: props.version,
      databaseEncryption: { state: "ENCRYPTED", keyName: props.keyId },
      loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"] },
      monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: true } },
      securityPostureConfig: { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_BASIC" },
      // Pods start only from images the project's Binary Authorization policy admits (a project
      // singleton, set up once in the bootstrap: docs/gcp.md).
      binaryAuthorization: { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" },
      maintenancePolicy: { dailyMaintenanceWindow: { startTime: props.maintenance ? gkeDailyStart(props.maintenance) : "03:00" } },
      deletionProtection: protectsData(props.tier),
      resourceLabels: gcpLabels(props.labels),
      dependsOn: [...nodeRoles, ...(props.keyGrants ?? [])],
      lifecycle: { ignoreChanges: ["node_config", "initial_node_count"] },
    });

    for (const pool of props.nodePools) this.nodePool(cluster, pool, props, nodeConfig, maxPodsPerNode, zoneCount);

    new GcpLogRoute(this, "logs", {
      realm,
      project,
      region,
      name: resourceName("gcp", "default", realm, "cluster-logs"),
      description: `Control plane, node and workload logs of the GKE cluster of realm ${realm}`,
      filter: `resource.type=(${CLUSTER_LOG_TYPES.map((t) => `"${t}"`).join(" OR ")}) AND resource.labels.cluster_name="${name}"`,
      retentionDays: props.logRetentionDays,
    });

    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    this.endpoint = cluster.endpoint;
    this.nodeServiceAccountEmail = nodeAccount.email;
    this.workloadPool = workloadPool;
  }

  private nodePool(
    cluster: ContainerCluster,
    pool: NodePoolSpec,
    props: GcpClusterProps,
    nodeConfig: ContainerNodePoolNodeConfig,
    maxPodsPerNode: number,
    zoneCount: number,
  ): ContainerNodePool {
    return new ContainerNodePool(this, `pool-${pool.name}`, {
      name: resourceName("gcp", "cluster", props.realm, pool.name),
      project: props.project,
      location: props.region,
      cluster: cluster.name,
      maxPodsPerNode,
      // Counted per zone; changing it would replace the pool, and the autoscaler owns the size.
      initialNodeCount: Math.ceil(pool.min / zoneCount),
      autoscaling: { totalMinNodeCount: pool.min, totalMaxNodeCount: pool.max, locationPolicy: "BALANCED" },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: "SURGE", maxSurge: props.surge?.maxSurge ?? 1, maxUnavailable: props.surge?.maxUnavailable ?? 0 },
      nodeConfig: {
        ...nodeConfig,
        machineType: pool.sku,
        diskSizeGb: pool.diskGb ?? 100,
        diskType: "pd-balanced",
        labels: { "realmkit.io/pool": pool.name },
        resourceLabels: gcpLabels(props.labels, { pool: pool.name }),
      },
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });
  }
}

function checkPools(props: GcpClusterProps): void {
  const fail = (message: string, value: unknown, fix: string): never => {
    throw new RealmkitError("RK-GCP-CLUSTER-POOLS", message, { realm: props.realm, value, fix });
  };
  if (props.nodePools.length === 0)
    fail("the cluster has no node pool, so nothing could run on it", props.nodePools, "add at least one entry to cluster.nodePools");
  for (const pool of props.nodePools) {
    if (!Number.isInteger(pool.min) || !Number.isInteger(pool.max) || pool.min < 0 || pool.max < 1 || pool.min > pool.max) {
      fail(
        `node pool \`${pool.name}\` needs 0 <= min <= max and max >= 1, got min ${pool.min} max ${pool.max}`,
        pool,
        "fix min and max of the pool",
      );
    }
  }
  const names = props.nodePools.map((p) => p.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) fail(`node pool name \`${dup}\` is used twice`, dup, "give every node pool its own name");
}
