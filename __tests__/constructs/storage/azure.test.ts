import { AzureStorage, BLOB_PRIVATE_DNS_ZONE, replicationType, type AzureStorageProps } from "../../../constructs/storage/azure";
import { shortHash } from "../../../lib/model/naming";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { expectTaggedEverywhere, KEY, refTo, SCOPE, SUBNET, SUBSCRIPTION, VNET, ZONES } from "../azure-sample";

const base: AzureStorageProps = {
  ...SCOPE,
  realm: "eu2",
  tier: "prod",
  buckets: ["documents", "exports"],
  uniqueSuffix: SUBSCRIPTION,
  deletionProtection: true,
  key: KEY,
  zones: ZONES,
  geoReplication: true,
  privateEndpoint: { subnetId: SUBNET("ibc-eu2-endpoints"), vnetId: VNET },
};
const synth = (props: Partial<AzureStorageProps> = {}): TfJson =>
  synthConstruct((scope) => new AzureStorage(scope, "storage", { ...base, ...props }));
const account = (json: TfJson) => onlyResource(json, "azurerm_storage_account");

describe("AzureStorage", () => {
  const json = synth();
  const acct = account(json);

  it("logs every blob read, write and delete to the realm workspace (with a workspace only)", () => {
    expect(resourcesOf(json, "azurerm_monitor_diagnostic_setting")).toEqual({});
    const logged = synth({ logAnalyticsWorkspaceId: "/subscriptions/x/workspaces/w" });
    expect(onlyResource(logged, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      target_resource_id: `${refTo(logged, "azurerm_storage_account", "id")}/blobServices/default`,
      log_analytics_workspace_id: "/subscriptions/x/workspaces/w",
      enabled_log: [{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }],
    });
  });

  it("names one account per realm with the storageAccount rule and a hash of the subscription", () => {
    expect(acct.name).toBe(`ibceu2st${shortHash(SUBSCRIPTION)}`);
    const long = account(synth({ realm: "abcdefghijkl" })).name;
    expect(long.length).toBeLessThanOrEqual(24);
    expect(long).toMatch(/^[a-z0-9]+$/);
  });

  it("accepts no public network access, no anonymous access and no shared keys; HTTPS with TLS 1.2 only", () => {
    expect(acct).toMatchObject({
      public_network_access_enabled: false,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      https_traffic_only_enabled: true,
      min_tls_version: "TLS1_2",
      cross_tenant_replication_enabled: false,
      local_user_enabled: false,
      network_rules: { default_action: "Deny", bypass: ["AzureServices"] },
    });
  });

  it("encrypts with the realm key through its own identity, double-encrypts, and covers queues and tables", () => {
    const identity = refTo(json, "azurerm_user_assigned_identity", "id");
    expect(acct).toMatchObject({
      identity: { type: "UserAssigned", identity_ids: [identity] },
      customer_managed_key: { key_vault_key_id: KEY.keyId, user_assigned_identity_id: identity },
      infrastructure_encryption_enabled: true,
      queue_encryption_key_type: "Account",
      table_encryption_key_type: "Account",
    });
    expect(onlyResource(json, "azurerm_role_assignment")).toEqual({
      scope: KEY.keyResourceId,
      role_definition_name: "Key Vault Crypto Service Encryption User",
      principal_id: refTo(json, "azurerm_user_assigned_identity", "principal_id"),
      principal_type: "ServicePrincipal",
    });
    expect(acct.depends_on).toEqual([`azurerm_role_assignment.${Object.keys(resourcesOf(json, "azurerm_role_assignment"))[0]}`]);
  });

  it("versions blobs and keeps deleted blobs and containers 30 days when protected, 7 otherwise", () => {
    expect(acct.blob_properties).toEqual({
      versioning_enabled: true,
      delete_retention_policy: { days: 30 },
      container_delete_retention_policy: { days: 30 },
    });
    expect(account(synth({ deletionProtection: false })).blob_properties.delete_retention_policy).toEqual({ days: 7 });
    expect(account(synth({ softDeleteDays: 60 })).blob_properties.container_delete_retention_policy).toEqual({ days: 60 });
  });

  it("replicates across zones, and to the paired region only when asked", () => {
    expect(acct.account_replication_type).toBe("GZRS");
    expect(account(synth({ geoReplication: false })).account_replication_type).toBe("ZRS");
    expect(account(synth({ geoReplication: false, zones: [] })).account_replication_type).toBe("LRS");
    expect(replicationType(false, true)).toBe("GRS");
  });

  it("creates one private container per bucket", () => {
    const containers = Object.values(resourcesOf(json, "azurerm_storage_container"));
    expect(containers.map((c) => [c.name, c.container_access_type, c.storage_account_id])).toEqual([
      ["documents", "private", refTo(json, "azurerm_storage_account", "id")],
      ["exports", "private", refTo(json, "azurerm_storage_account", "id")],
    ]);
  });

  it("protects account and containers with prevent_destroy and a CanNotDelete lock when asked", () => {
    expect(acct.lifecycle).toEqual({ prevent_destroy: true });
    for (const c of Object.values(resourcesOf(json, "azurerm_storage_container"))) expect(c.lifecycle).toEqual({ prevent_destroy: true });
    const locks = Object.values(resourcesOf(json, "azurerm_management_lock")).map((l) => [l.scope, l.lock_level]);
    expect(locks.sort()).toEqual(
      [
        [refTo(json, "azurerm_storage_account", "id"), "CanNotDelete"],
        [`${refTo(json, "azurerm_private_dns_zone", "id")}/SOA/@`, "CanNotDelete"],
      ].sort(),
    );
    expect(onlyResource(json, "azurerm_private_dns_zone").lifecycle).toEqual({ prevent_destroy: true });
    const dev = synth({ deletionProtection: false });
    expect(account(dev).lifecycle).toEqual({ prevent_destroy: false });
    expect(onlyResource(dev, "azurerm_private_dns_zone").lifecycle).toEqual({ prevent_destroy: false });
    expect(resourcesOf(dev, "azurerm_management_lock")).toEqual({});
  });

  it("is reached through a blob private endpoint resolved by the privatelink zone linked to the VNet", () => {
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      subnet_id: SUBNET("ibc-eu2-endpoints"),
      private_service_connection: {
        private_connection_resource_id: refTo(json, "azurerm_storage_account", "id"),
        subresource_names: ["blob"],
        is_manual_connection: false,
      },
      private_dns_zone_group: { name: "blob", private_dns_zone_ids: [refTo(json, "azurerm_private_dns_zone", "id")] },
    });
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe(BLOB_PRIVATE_DNS_ZONE);
    expect(onlyResource(json, "azurerm_private_dns_zone_virtual_network_link")).toMatchObject({
      virtual_network_id: VNET,
      registration_enabled: false,
    });
    const noNetwork = synth({ privateEndpoint: undefined });
    expect(resourcesOf(noNetwork, "azurerm_private_endpoint")).toEqual({});
    expect(account(noNetwork).public_network_access_enabled).toBe(false);
  });

  it("refuses a bucket name Azure containers cannot take", () => {
    expect(() => synth({ buckets: ["double--dash"] })).toThrow(
      expect.objectContaining({ code: "RK-AZURE-STORAGE-NAME", value: "double--dash" }),
    );
  });

  it("tags every resource that takes tags", () => {
    expectTaggedEverywhere(json);
  });
});
