import { AKS_LOG_CATEGORIES, AzureCluster, dnsServiceIp, type AzureClusterProps } from "../../../constructs/cluster/azure";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { sampleProps } from "../aws-sample";
import { addressOf, expectTaggedEverywhere, KEY, named, refTo, SCOPE, SUBNET, SUBSCRIPTION, TAGS, TENANT, ZONES } from "../azure-sample";

const VAULT = `/subscriptions/${SUBSCRIPTION}/resourceGroups/ibc-eu2-rg/providers/Microsoft.KeyVault/vaults/ibc-eu2-kv`;
const SECRETS_KEY = {
  keyVersionId: "https://ibc-eu2-kv.vault.azure.net/keys/ibc-eu2-cmk-k8s/0123456789abcdef",
  vaultId: VAULT,
  keyResourceId: `${VAULT}/keys/ibc-eu2-cmk-k8s`,
};
const WORKSPACE = "/subscriptions/x/resourceGroups/ibc-eu2-rg/providers/Microsoft.OperationalInsights/workspaces/ibc-eu2-logs";
const eu2 = sampleProps("eu2");
const base: AzureClusterProps = {
  ...SCOPE,
  ...eu2.cluster!,
  tenantId: TENANT,
  key: KEY,
  subnetId: SUBNET("ibc-eu2-nodes"),
  apiServerSubnetId: SUBNET("ibc-eu2-apiserver"),
  secretsKey: SECRETS_KEY,
  podCidr: "10.244.0.0/16",
  serviceCidr: "10.245.0.0/16",
  zones: ZONES,
  logAnalyticsWorkspaceId: WORKSPACE,
};
const synth = (props: Partial<AzureClusterProps> = {}): TfJson =>
  synthConstruct((scope) => new AzureCluster(scope, "cluster", { ...base, ...props }));
const aks = (json: TfJson) => onlyResource(json, "azurerm_kubernetes_cluster");

describe("AzureCluster", () => {
  const json = synth();
  const cluster = aks(json);

  it("runs a private cluster: no public FQDN, AKS-managed private DNS", () => {
    expect(cluster).toMatchObject({
      name: "ibc-eu2-aks",
      kubernetes_version: "1.30",
      private_cluster_enabled: true,
      private_cluster_public_fqdn_enabled: false,
      private_dns_zone_id: "System",
    });
  });

  it("integrates the API server into the realm VNet and encrypts etcd secrets through KMS with the private vault", () => {
    expect(cluster.api_server_access_profile).toEqual({
      subnet_id: SUBNET("ibc-eu2-apiserver"),
      virtual_network_integration_enabled: true,
    });
    expect(cluster.key_management_service).toEqual({ key_vault_key_id: SECRETS_KEY.keyVersionId, key_vault_network_access: "Private" });
    const grants = Object.values(resourcesOf(json, "azurerm_role_assignment"));
    const identity = refTo(json, "azurerm_user_assigned_identity", "principal_id");
    expect(grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          scope: SECRETS_KEY.keyResourceId,
          role_definition_name: "Key Vault Crypto User",
          principal_id: identity,
        }),
        expect.objectContaining({ scope: VAULT, role_definition_name: "Key Vault Contributor", principal_id: identity }),
        expect.objectContaining({
          scope: SUBNET("ibc-eu2-apiserver"),
          role_definition_name: "Network Contributor",
          principal_id: identity,
        }),
      ]),
    );
  });

  it("encrypts at host on the system pool and on every user pool", () => {
    expect((cluster.default_node_pool as Record<string, unknown>).host_encryption_enabled).toBe(true);
    const pools = Object.values(resourcesOf(json, "azurerm_kubernetes_cluster_node_pool"));
    expect(pools.length).toBeGreaterThan(0);
    for (const p of pools) expect(p.host_encryption_enabled).toBe(true);
  });

  it("signs in only through Entra ID with Azure RBAC (local accounts disabled)", () => {
    expect(cluster.local_account_disabled).toBe(true);
    expect(cluster.role_based_access_control_enabled).toBe(true);
    expect(cluster.azure_active_directory_role_based_access_control).toEqual({
      azure_rbac_enabled: true,
      tenant_id: TENANT,
      admin_group_object_ids: [],
    });
  });

  it("uses Azure CNI overlay with Calico network policy and leaves through the realm NAT gateway", () => {
    expect(cluster.network_profile).toEqual({
      network_plugin: "azure",
      network_plugin_mode: "overlay",
      network_policy: "calico",
      pod_cidr: "10.244.0.0/16",
      service_cidr: "10.245.0.0/16",
      dns_service_ip: "10.245.0.10",
      load_balancer_sku: "standard",
      outbound_type: "userAssignedNATGateway",
    });
    expect(dnsServiceIp("172.21.0.0/16", "eu2")).toBe("172.21.0.10");
    expect(() => dnsServiceIp("10.0.0.0/28", "eu2")).toThrow(expect.objectContaining({ code: "RK-AZURE-CLUSTER-SERVICE-CIDR" }));
  });

  it("enables workload identity, the OIDC issuer and the Key Vault secrets driver with rotation", () => {
    expect(cluster).toMatchObject({
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      key_vault_secrets_provider: { secret_rotation_enabled: true, secret_rotation_interval: "2m" },
      azure_policy_enabled: true,
    });
  });

  it("encrypts node disks with the realm key through a disk encryption set that follows rotations", () => {
    const des = onlyResource(json, "azurerm_disk_encryption_set");
    expect(des).toMatchObject({
      name: "ibc-eu2-aks-disks",
      key_vault_key_id: KEY.keyId,
      auto_key_rotation_enabled: true,
      encryption_type: "EncryptionAtRestWithCustomerKey",
      identity: { type: "SystemAssigned" },
    });
    expect(cluster.disk_encryption_set_id).toBe(refTo(json, "azurerm_disk_encryption_set", "id"));
    const keyGrant = Object.values(resourcesOf(json, "azurerm_role_assignment")).find((r) => r.scope === KEY.keyResourceId);
    expect(keyGrant).toMatchObject({
      role_definition_name: "Key Vault Crypto Service Encryption User",
      principal_id: refTo(json, "azurerm_disk_encryption_set", "identity[0].principal_id"),
    });
  });

  it("grants its own identity the subnets, the KMS key and vault and the disk encryption set before it is created", () => {
    const identity = refTo(json, "azurerm_user_assigned_identity", "principal_id");
    const roles = Object.entries(resourcesOf(json, "azurerm_role_assignment")).filter(([, r]) => r.principal_id === identity);
    expect(roles.map(([, r]) => [r.role_definition_name, r.scope]).sort()).toEqual([
      ["Key Vault Contributor", VAULT],
      ["Key Vault Crypto User", SECRETS_KEY.keyResourceId],
      ["Network Contributor", SUBNET("ibc-eu2-apiserver")],
      ["Network Contributor", SUBNET("ibc-eu2-nodes")],
      ["Reader", refTo(json, "azurerm_disk_encryption_set", "id")],
    ]);
    expect(cluster.identity).toEqual({ type: "UserAssigned", identity_ids: [refTo(json, "azurerm_user_assigned_identity", "id")] });
    for (const [key] of roles) expect(cluster.depends_on).toContain(`azurerm_role_assignment.${key}`);
  });

  it("waits for what the caller says must exist first (the subnet's NAT gateway)", () => {
    const withDeps = synthConstruct((scope) => {
      const marker = new (require("@cdktf/provider-azurerm/lib/resource-group").ResourceGroup)(scope, "marker", {
        name: "m",
        location: "x",
      });
      new AzureCluster(scope, "cluster", { ...base, dependsOn: [marker] });
    });
    expect(aks(withDeps).depends_on).toContain(addressOf(withDeps, "azurerm_resource_group"));
  });

  it("runs critical add-ons on an autoscaled system pool across the zones (3 to 6 nodes in prod)", () => {
    expect(cluster.default_node_pool).toMatchObject({
      name: "system",
      only_critical_addons_enabled: true,
      vm_size: "Standard_D4s_v5",
      auto_scaling_enabled: true,
      min_count: 3,
      max_count: 6,
      os_disk_type: "Managed",
      zones: ["1", "2", "3"],
      vnet_subnet_id: SUBNET("ibc-eu2-nodes"),
    });
    expect(aks(synth({ tier: "dev" })).default_node_pool).toMatchObject({ min_count: 1, max_count: 2 });
    expect(aks(synth({ tier: "staging", zones: [] })).default_node_pool).toMatchObject({ min_count: 2, max_count: 4 });
  });

  it("creates one autoscaled user pool per nodePools entry with catalogue sizes and managed disks", () => {
    const pools = Object.values(resourcesOf(json, "azurerm_kubernetes_cluster_node_pool"))
      .map((p) => [p.name, p.mode, p.vm_size, p.min_count, p.max_count, p.os_disk_size_gb, p.os_disk_type, p.zones])
      .sort();
    expect(pools).toEqual([
      ["batch", "User", "Standard_D8s_v5", 0, 6, 100, "Managed", ["1", "2", "3"]],
      ["general", "User", "Standard_D4s_v5", 3, 12, 100, "Managed", ["1", "2", "3"]],
    ]);
    const custom = synth({ nodePools: [{ name: "big", sku: "Standard_E8s_v5", min: 1, max: 2, diskGb: 256 }] });
    expect(named(custom, "azurerm_kubernetes_cluster_node_pool", "big")).toMatchObject({
      vm_size: "Standard_E8s_v5",
      os_disk_size_gb: 256,
    });
    for (const p of Object.values(resourcesOf(json, "azurerm_kubernetes_cluster_node_pool"))) {
      expect(p).toMatchObject({
        kubernetes_cluster_id: refTo(json, "azurerm_kubernetes_cluster", "id"),
        auto_scaling_enabled: true,
        lifecycle: { ignore_changes: ["node_count"] },
      });
    }
  });

  it("pays for the uptime SLA in prod only", () => {
    expect(cluster.sku_tier).toBe("Standard");
    expect(aks(synth({ tier: "staging" })).sku_tier).toBe("Free");
  });

  it("sends Container Insights and control-plane logs to the realm workspace", () => {
    expect(cluster.oms_agent).toEqual({ log_analytics_workspace_id: WORKSPACE, msi_auth_for_monitoring_enabled: true });
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      target_resource_id: refTo(json, "azurerm_kubernetes_cluster", "id"),
      log_analytics_workspace_id: WORKSPACE,
      log_analytics_destination_type: "Dedicated",
      enabled_log: AKS_LOG_CATEGORIES.map((category) => ({ category })),
    });
    expect(AKS_LOG_CATEGORIES).toEqual(["kube-apiserver", "kube-audit-admin", "kube-controller-manager", "kube-scheduler", "guard"]);
    const unmonitored = synth({ logAnalyticsWorkspaceId: undefined });
    expect(aks(unmonitored).oms_agent).toBeUndefined();
    expect(resourcesOf(unmonitored, "azurerm_monitor_diagnostic_setting")).toEqual({});
  });

  it("refuses a user pool named like the system pool", () => {
    expect(() => synth({ nodePools: [{ name: "system", sku: "Standard_D4s_v5", min: 1, max: 2 }] })).toThrow(
      expect.objectContaining({ code: "RK-AZURE-CLUSTER-POOLS", value: "system" }),
    );
  });

  it("tags every resource that takes tags, node pools included", () => {
    expectTaggedEverywhere(json);
    expect(cluster.default_node_pool.tags).toEqual(TAGS);
  });
});
