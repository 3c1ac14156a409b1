import { TerraformOutput } from "../../../lib/cdktf";
import { AzureKeys, type AzureKeysProps } from "../../../constructs/keys/azure";
import { shortHash } from "../../../lib/model/naming";
import { resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { addressOf, expectTaggedEverywhere, named, refTo, SCOPE, SUBNET, SUBSCRIPTION, TENANT } from "../azure-sample";

const base: AzureKeysProps = {
  ...SCOPE,
  realm: "eu2",
  tier: "prod",
  tenantId: TENANT,
  uniqueSuffix: SUBSCRIPTION,
  deployerPrincipalId: "11111111-2222-3333-4444-555555555555",
  allowedSubnetIds: [SUBNET("ibc-eu2-nodes")],
  allowedIpRanges: ["203.0.113.7/32"],
};
const synth = (props: Partial<AzureKeysProps> = {}): TfJson =>
  synthConstruct((scope) => new AzureKeys(scope, "keys", { ...base, ...props }));
const VAULT = `ibc-eu2-kv-${shortHash(SUBSCRIPTION)}`;
const GEO_VAULT = `ibc-eu2-kvgeo-${shortHash(SUBSCRIPTION)}`;

describe("AzureKeys", () => {
  const json = synth();
  const vault = named(json, "azurerm_key_vault", VAULT);
  const key = named(json, "azurerm_key_vault_key", "ibc-eu2-cmk");

  it("creates a premium vault with RBAC authorization, purge protection and 30 days of soft delete", () => {
    expect(vault).toMatchObject({
      location: "germanywestcentral",
      resource_group_name: "ibc-eu2-rg",
      tenant_id: TENANT,
      sku_name: "premium",
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 30,
    });
    expect(vault.access_policy).toBeUndefined();
  });

  it("takes the soft-delete retention from deletionWindowDays", () => {
    expect(named(synth({ deletionWindowDays: 90 }), "azurerm_key_vault", VAULT).soft_delete_retention_days).toBe(90);
  });

  it("denies network access except trusted Azure services, the admitted subnets and address ranges", () => {
    expect(vault.network_acls).toEqual({
      default_action: "Deny",
      bypass: "AzureServices",
      virtual_network_subnet_ids: [SUBNET("ibc-eu2-nodes")],
      ip_rules: ["203.0.113.7/32"],
    });
    expect(named(synth({ allowedSubnetIds: undefined, allowedIpRanges: undefined }), "azurerm_key_vault", VAULT).network_acls).toEqual({
      default_action: "Deny",
      bypass: "AzureServices",
      virtual_network_subnet_ids: [],
      ip_rules: [],
    });
  });

  it("names the vault globally uniquely with a hash of the subscription, within 24 characters", () => {
    const other = synth({ uniqueSuffix: "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f" });
    expect(Object.values(resourcesOf(other, "azurerm_key_vault"))[0]!.name).not.toBe(VAULT);
    const long = synth({ realm: "abcdefghijkl" });
    for (const v of Object.values(resourcesOf(long, "azurerm_key_vault"))) {
      expect(v.name.length).toBeLessThanOrEqual(24);
      expect(v.name).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
      expect(v.name).not.toContain("--");
    }
  });

  it("creates an RSA-HSM 3072 key for wrapping only, rotated every 90 days and expiring 30 days after the next rotation", () => {
    expect(key).toMatchObject({
      key_vault_id: refTo(json, "azurerm_key_vault", "id", (v) => v.name === VAULT),
      key_type: "RSA-HSM",
      key_size: 3072,
      key_opts: ["wrapKey", "unwrapKey"],
      rotation_policy: { automatic: { time_after_creation: "P90D" }, expire_after: "P120D", notify_before_expiry: "P14D" },
    });
  });

  it("takes the rotation period from the props", () => {
    expect(named(synth({ rotationDays: 30 }), "azurerm_key_vault_key", "ibc-eu2-cmk").rotation_policy).toEqual({
      automatic: { time_after_creation: "P30D" },
      expire_after: "P60D",
      notify_before_expiry: "P14D",
    });
  });

  it.each(["prod", "staging", "dev"] as const)("never lets Terraform destroy vault or key, and locks the vault (%s)", (tier) => {
    const t = synth({ tier });
    expect(named(t, "azurerm_key_vault", VAULT).lifecycle).toEqual({ prevent_destroy: true });
    expect(named(t, "azurerm_key_vault_key", "ibc-eu2-cmk").lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: ["expiration_date"],
    });
    expect(Object.values(resourcesOf(t, "azurerm_management_lock"))).toEqual([
      expect.objectContaining({ scope: refTo(t, "azurerm_key_vault", "id"), lock_level: "CanNotDelete" }),
    ]);
  });

  it("lets the deploying principal create the key before the key is created", () => {
    const role = Object.values(resourcesOf(json, "azurerm_role_assignment"))[0]!;
    expect(role).toEqual({
      scope: refTo(json, "azurerm_key_vault", "id"),
      role_definition_name: "Key Vault Crypto Officer",
      principal_id: "11111111-2222-3333-4444-555555555555",
    });
    expect(key.depends_on).toEqual([addressOf(json, "azurerm_role_assignment")]);
  });

  it("exposes the versionless key id (services follow rotations) and the key's ARM id as role scope", () => {
    const out = synthConstruct((scope) => {
      const keys = new AzureKeys(scope, "keys", base);
      new TerraformOutput(scope, "key", { value: keys.key.keyId });
      new TerraformOutput(scope, "scope", { value: keys.key.keyResourceId });
      new TerraformOutput(scope, "uri", { value: keys.vaultUri });
    });
    expect(out.output!.key.value).toBe(refTo(out, "azurerm_key_vault_key", "versionless_id"));
    expect(out.output!.scope.value).toBe(refTo(out, "azurerm_key_vault_key", "resource_versionless_id"));
    expect(out.output!.uri.value).toBe(refTo(out, "azurerm_key_vault", "vault_uri"));
  });

  it("adds an encrypt/decrypt key for the AKS KMS plugin in the realm vault, rotated like the realm key", () => {
    expect(Object.keys(resourcesOf(json, "azurerm_key_vault_key"))).toHaveLength(1);
    const out = synthConstruct((scope) => {
      const keys = new AzureKeys(scope, "keys", { ...base, clusterSecretsKey: true });
      new TerraformOutput(scope, "version", { value: keys.clusterSecretsKey!.keyVersionId });
      new TerraformOutput(scope, "vault", { value: keys.clusterSecretsKey!.vaultId });
    });
    const k8s = named(out, "azurerm_key_vault_key", "ibc-eu2-cmk-k8s");
    expect(k8s).toMatchObject({
      key_vault_id: refTo(out, "azurerm_key_vault", "id", (v) => v.name === VAULT),
      key_type: "RSA-HSM",
      key_opts: ["encrypt", "decrypt"],
      rotation_policy: { automatic: { time_after_creation: "P90D" }, expire_after: "P120D", notify_before_expiry: "P14D" },
      lifecycle: { prevent_destroy: true, ignore_changes: ["expiration_date"] },
    });
    // AKS KMS takes only a versioned key id.
    expect(out.output!.version.value).toBe(refTo(out, "azurerm_key_vault_key", "id", (k) => k.name === "ibc-eu2-cmk-k8s"));
    expect(out.output!.vault.value).toBe(refTo(out, "azurerm_key_vault", "id", (v) => v.name === VAULT));
  });

  it("offers the audit events of every vault to the workspace", () => {
    let keys: AzureKeys | undefined;
    const geo = synthConstruct((scope) => {
      keys = new AzureKeys(scope, "keys", { ...base, geoBackupLocation: "germanynorth" });
    });
    expect(keys!.diagnostics).toEqual([
      { name: "key-vault", resourceId: expect.any(String), logCategories: ["AuditEvent"] },
      { name: "key-vault-geo", resourceId: expect.any(String), logCategories: ["AuditEvent"] },
    ]);
    expect(Object.keys(resourcesOf(geo, "azurerm_key_vault"))).toHaveLength(2);
  });

  it("adds a vault and key in the paired region for geo-redundant backups, without the realm subnets", () => {
    const geo = synth({ geoBackupLocation: "germanynorth" });
    const geoVault = named(geo, "azurerm_key_vault", GEO_VAULT);
    expect(geoVault).toMatchObject({
      location: "germanynorth",
      purge_protection_enabled: true,
      rbac_authorization_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(geoVault.network_acls.virtual_network_subnet_ids).toEqual([]);
    expect(named(geo, "azurerm_key_vault_key", "ibc-eu2-cmk-geo")).toMatchObject({ key_type: "RSA-HSM", key_size: 3072 });
    expect(Object.keys(resourcesOf(geo, "azurerm_management_lock"))).toHaveLength(2);
    expect(Object.keys(resourcesOf(json, "azurerm_key_vault"))).toHaveLength(1);
  });

  it("rejects rotation and retention periods Azure does not accept", () => {
    expect(() => synth({ rotationDays: 5 })).toThrow(expect.objectContaining({ code: "RK-AZURE-KEYS-RANGE", value: 5 }));
    expect(() => synth({ deletionWindowDays: 120 })).toThrow(expect.objectContaining({ code: "RK-AZURE-KEYS-RANGE", value: 120 }));
  });

  it("tags every resource that takes tags, keys included", () => {
    expectTaggedEverywhere(synth({ geoBackupLocation: "germanynorth" }));
  });
});
