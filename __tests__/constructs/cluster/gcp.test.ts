import { TerraformOutput, type ITerraformDependable } from "../../../lib/cdktf";
import { GcpCluster, GKE_NODE_ROLES, type GcpClusterProps } from "../../../constructs/cluster/gcp";
import { gkeMaxPodsPerNode } from "../../../constructs/cluster/gcp-pods";
import type { RealmkitError } from "../../../lib/config/errors";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { addressOf, expectLabeledEverywhere, KEY_ID, LABELS, NETWORK_ID, PROJECT, REGION, refTo, SCOPE, ZONES } from "../gcp-sample";

const GRANTS: ITerraformDependable[] = [
  { fqn: "google_kms_crypto_key_iam_member.container" },
  { fqn: "google_kms_crypto_key_iam_member.compute" },
];
const SUBNET = `projects/${PROJECT}/regions/${REGION}/subnetworks/ibc-eu1-nodes`;
const prod: GcpClusterProps = {
  ...SCOPE,
  realm: "eu1",
  tier: "prod",
  version: "1.30",
  nodePools: [
    { name: "general", sku: "n2-standard-4", min: 3, max: 12 },
    { name: "batch", sku: "n2-standard-8", min: 0, max: 6, diskGb: 200 },
  ],
  authorizedNetworks: ["10.250.0.0/24"],
  logRetentionDays: 365,
  keyId: KEY_ID,
  keyGrants: GRANTS,
  networkId: NETWORK_ID,
  subnetId: SUBNET,
  podsRangeName: "ibc-eu1-pods",
  podsCidr: "10.60.128.0/17",
  servicesRangeName: "ibc-eu1-services",
  controlPlaneCidr: "10.60.64.0/28",
  realmCidr: "10.60.0.0/16",
  zones: ZONES,
};
const synth = (props: GcpClusterProps): TfJson => synthConstruct((scope) => new GcpCluster(scope, "cluster", props));
const thrown = (props: GcpClusterProps): RealmkitError => {
  try {
    synth(props);
  } catch (err) {
    return err as RealmkitError;
  }
  throw new Error("expected an error");
};
const pool = (json: TfJson, name: string) => {
  const hits = Object.values(resourcesOf(json, "google_container_node_pool")).filter((p) => p.name === name);
  expect(hits).toHaveLength(1);
  return hits[0]!;
};

describe("GcpCluster", () => {
  const json = synth(prod);
  const cluster = onlyResource(json, "google_container_cluster");
  const sa = refTo(json, "google_service_account", "email");

  it("is a regional VPC-native cluster on the realm subnet and secondary ranges, nodes in the realm zones", () => {
    expect(cluster).toMatchObject({
      name: "ibc-eu1-gke",
      project: PROJECT,
      location: REGION,
      node_locations: ZONES,
      network: NETWORK_ID,
      subnetwork: SUBNET,
      networking_mode: "VPC_NATIVE",
      ip_allocation_policy: {
        cluster_secondary_range_name: "ibc-eu1-pods",
        services_secondary_range_name: "ibc-eu1-services",
        stack_type: "IPV4",
      },
    });
  });

  it("has private nodes and a private endpoint without global access", () => {
    expect(cluster.private_cluster_config).toEqual({
      enable_private_nodes: true,
      enable_private_endpoint: true,
      master_ipv4_cidr_block: "10.60.64.0/28",
      master_global_access_config: { enabled: false },
    });
  });

  it("admits only the realm network and the authorized networks to the control plane, enforced on the private endpoint", () => {
    expect(cluster.master_authorized_networks_config).toEqual({
      gcp_public_cidrs_access_enabled: false,
      private_endpoint_enforcement_enabled: true,
      cidr_blocks: [
        { cidr_block: "10.60.0.0/16", display_name: "realm eu1 network" },
        { cidr_block: "10.250.0.0/24", display_name: "authorized 10.250.0.0/24" },
      ],
    });
    const none = onlyResource(synth({ ...prod, authorizedNetworks: undefined }), "google_container_cluster");
    expect(none.master_authorized_networks_config.cidr_blocks).toEqual([{ cidr_block: "10.60.0.0/16", display_name: "realm eu1 network" }]);
  });

  it("uses workload identity, shielded nodes, Dataplane V2 and no legacy authentication", () => {
    expect(cluster).toMatchObject({
      workload_identity_config: { workload_pool: `${PROJECT}.svc.id.goog` },
      enable_shielded_nodes: true,
      datapath_provider: "ADVANCED_DATAPATH",
      enable_legacy_abac: false,
      master_auth: { client_certificate_config: { issue_client_certificate: false } },
      enable_intranode_visibility: true,
    });
    // Dataplane V2 enforces NetworkPolicy itself; the Calico add-on must not be configured with it.
    expect(cluster.network_policy).toBeUndefined();
  });

  it("enforces the project's Binary Authorization policy", () => {
    expect(cluster.binary_authorization).toEqual({ evaluation_mode: "PROJECT_SINGLETON_POLICY_ENFORCE" });
  });

  it("encrypts Kubernetes secrets with the realm key and waits for the key grants and node roles", () => {
    expect(cluster.database_encryption).toEqual({ state: "ENCRYPTED", key_name: KEY_ID });
    expect(cluster.depends_on).toEqual([
      ...GKE_NODE_ROLES.map((role) => addressOf(json, "google_project_iam_member", (m) => m.role === role)),
      ...GRANTS.map((g) => g.fqn),
    ]);
  });

  it("follows the STABLE release channel in prod and REGULAR elsewhere, from the realm's minimum version", () => {
    expect(cluster.release_channel).toEqual({ channel: "STABLE" });
    expect(cluster.min_master_version).toBe("1.30");
    expect(onlyResource(synth({ ...prod, tier: "staging" }), "google_container_cluster").release_channel).toEqual({ channel: "REGULAR" });
    expect(onlyResource(synth({ ...prod, releaseChannel: "RAPID" }), "google_container_cluster").release_channel).toEqual({
      channel: "RAPID",
    });
  });

  it("replaces the default node pool, which starts hardened and is then ignored", () => {
    expect(cluster).toMatchObject({ remove_default_node_pool: true, initial_node_count: 1 });
    expect(cluster.node_config).toMatchObject({
      service_account: sa,
      shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      workload_metadata_config: { mode: "GKE_METADATA" },
    });
    expect(cluster.lifecycle).toEqual({ ignore_changes: ["node_config", "initial_node_count"] });
  });

  it("logs the control plane and workloads and routes the logs to a regional bucket with the realm retention", () => {
    expect(cluster.logging_config.enable_components).toEqual([
      "SYSTEM_COMPONENTS",
      "APISERVER",
      "CONTROLLER_MANAGER",
      "SCHEDULER",
      "WORKLOADS",
    ]);
    expect(onlyResource(json, "google_logging_project_bucket_config")).toMatchObject({
      bucket_id: "ibc-eu1-cluster-logs",
      location: REGION,
      retention_days: 365,
    });
    expect(onlyResource(json, "google_logging_project_sink").filter).toBe(
      'resource.type=("k8s_cluster" OR "k8s_control_plane_component" OR "k8s_node" OR "k8s_pod" OR "k8s_container" OR "gke_cluster" OR "gke_nodepool") AND resource.labels.cluster_name="ibc-eu1-gke"',
    );
  });

  it("is protected from deletion except in dev", () => {
    expect(cluster.deletion_protection).toBe(true);
    expect(onlyResource(synth({ ...prod, tier: "dev", realm: "dev1" }), "google_container_cluster").deletion_protection).toBe(false);
  });

  it("runs nodes as a dedicated service account holding only the node roles", () => {
    expect(onlyResource(json, "google_service_account")).toMatchObject({ account_id: "ibc-eu1-gke-nodes", project: PROJECT });
    const members = Object.values(resourcesOf(json, "google_project_iam_member"));
    expect(members.map((m) => m.role).sort()).toEqual(["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"]);
    for (const m of members) expect(m).toMatchObject({ project: PROJECT, member: refTo(json, "google_service_account", "member") });
  });

  it("creates one autoscaled pool per nodePools entry with the total min and max", () => {
    expect(pool(json, "ibc-eu1-general")).toMatchObject({
      cluster: refTo(json, "google_container_cluster", "name"),
      location: REGION,
      autoscaling: { total_min_node_count: 3, total_max_node_count: 12, location_policy: "BALANCED" },
      initial_node_count: 1,
      management: { auto_repair: true, auto_upgrade: true },
      upgrade_settings: { strategy: "SURGE", max_surge: 1, max_unavailable: 0 },
      lifecycle: { ignore_changes: ["initial_node_count"] },
    });
    expect(pool(json, "ibc-eu1-batch")).toMatchObject({
      autoscaling: { total_min_node_count: 0, total_max_node_count: 6 },
      initial_node_count: 0,
    });
  });

  it("sizes pool machines and boot disks from the spec, encrypted with the realm key", () => {
    expect(pool(json, "ibc-eu1-general").node_config).toMatchObject({
      machine_type: "n2-standard-4",
      disk_size_gb: 100,
      disk_type: "pd-balanced",
      boot_disk_kms_key: KEY_ID,
    });
    expect(pool(json, "ibc-eu1-batch").node_config).toMatchObject({ machine_type: "n2-standard-8", disk_size_gb: 200 });
  });

  it("hardens every pool's nodes: shielded, GKE metadata server, no legacy metadata endpoints, least-privilege identity", () => {
    for (const p of Object.values(resourcesOf(json, "google_container_node_pool"))) {
      expect(p.node_config).toMatchObject({
        service_account: sa,
        image_type: "COS_CONTAINERD",
        oauth_scopes: ["https://www.googleapis.com/auth/cloud-platform"],
        shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
        workload_metadata_config: { mode: "GKE_METADATA" },
        metadata: { "disable-legacy-endpoints": "true" },
      });
    }
  });

  it("fits every possible node into the pod range", () => {
    expect(cluster.default_max_pods_per_node).toBe(110);
    expect(pool(json, "ibc-eu1-general").max_pods_per_node).toBe(110);
    const small = synth({ ...prod, podsCidr: "10.60.8.0/21" });
    expect(onlyResource(small, "google_container_cluster").default_max_pods_per_node).toBe(32);
  });

  it("labels the cluster and every pool's nodes", () => {
    expectLabeledEverywhere(json);
    expect(pool(json, "ibc-eu1-batch").node_config.resource_labels).toEqual({ ...LABELS, pool: "batch" });
  });

  it("exposes the cluster name and node identity", () => {
    let c!: GcpCluster;
    const out = synthConstruct((scope) => {
      c = new GcpCluster(scope, "cluster", prod);
      new TerraformOutput(scope, "name", { value: c.clusterName });
    });
    expect(out.output!.name!.value).toBe(refTo(out, "google_container_cluster", "name"));
    expect(c.workloadPool).toBe(`${PROJECT}.svc.id.goog`);
  });

  it.each([
    ["no node pool", { nodePools: [] }],
    ["min above max", { nodePools: [{ name: "general", sku: "n2-standard-4", min: 5, max: 3 }] }],
    ["a pool that can never have a node", { nodePools: [{ name: "general", sku: "n2-standard-4", min: 0, max: 0 }] }],
    ["two pools with one name", { nodePools: [prod.nodePools[0]!, prod.nodePools[0]!] }],
  ])("rejects %s", (_, change) => {
    const err = thrown({ ...prod, ...change });
    expect(err.code).toBe("RK-GCP-CLUSTER-POOLS");
    expect(err.realm).toBe("eu1");
  });

  it("rejects pools that cannot fit into the pod range", () => {
    const err = thrown({ ...prod, podsCidr: "10.60.0.0/24" });
    expect(err.code).toBe("RK-GCP-CLUSTER-PODS");
    expect(err.value).toBe(18 + 2 * 3);
  });

  it("rejects a log retention Cloud Logging cannot keep", () => {
    expect(thrown({ ...prod, logRetentionDays: 4000 }).code).toBe("RK-GCP-LOG-RETENTION");
  });
});

describe("gkeMaxPodsPerNode", () => {
  it.each([
    ["10.0.0.0/17", 128, 110],
    ["10.0.0.0/17", 129, 64],
    ["10.0.0.0/17", 256, 64],
    ["10.0.0.0/17", 257, 32],
    ["10.0.0.0/21", 8, 110],
    ["10.0.0.0/21", 64, 16],
    ["10.0.0.0/21", 128, 8],
  ])("gives %s holding %i nodes %i pods per node", (cidr, nodes, pods) => {
    expect(gkeMaxPodsPerNode(cidr, nodes)).toBe(pods);
  });

  it("fails when even 8 pods per node do not fit", () => {
    expect(() => gkeMaxPodsPerNode("10.0.0.0/21", 129, "eu1")).toThrow(
      expect.objectContaining({ code: "RK-GCP-CLUSTER-PODS", realm: "eu1" }),
    );
  });
});
