import { loadInventory } from "../../lib/model/inventory";
import { evaluate, fromTerraformJson } from "../../lib/policy";
import { shortHash } from "../../lib/model/naming";
import { realmTags } from "../../lib/model/tags";
import { AZURERM_VERSION_CONSTRAINT, geoRedundancyRegion, KEY_VAULT_IP_RANGES_VARIABLE } from "../../lib/stacks/azure";
import { expectTaggedEverywhere, isTaggable, named, refTo } from "../constructs/azure-sample";
import { MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";
import { resourcesOf, FIXTURE_REALMS, synthInventory, synthStack, type TfJson } from "../helpers/synth";

const SUB = "5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80";
const TENANT = "0b7e4c21-3d59-4f8a-a1c6-94e2d7f05b3c";

describe("Azure realm stack", () => {
  const remote = synthStack("realm-eu2", undefined, { backend: "remote" });
  const local = synthStack("realm-eu2");
  const model = loadInventory(FIXTURE_REALMS, ["eu2"]).realms[0]!;
  const target = model.targets[0]!;

  it("keeps remote state per realm in the realm subscription's azurerm backend, with Entra ID auth", () => {
    expect(remote.terraform!.backend).toEqual({
      azurerm: {
        resource_group_name: "ibc-tfstate",
        storage_account_name: "ibctfstateeu2",
        container_name: "tfstate",
        key: "realms/eu2/realm-eu2.tfstate",
        subscription_id: SUB,
        tenant_id: TENANT,
        use_azuread_auth: true,
      },
    });
  });

  it("uses a local state file when asked (tests, previews)", () => {
    expect(local.terraform!.backend).toEqual({ local: { path: "terraform.realm-eu2.tfstate" } });
  });

  it("pins subscription and tenant, uses Entra ID for storage and never purges soft-deleted keys", () => {
    const [provider] = remote.provider!.azurerm!;
    expect(provider).toMatchObject({ subscription_id: SUB, tenant_id: TENANT, storage_use_azuread: true });
    expect(provider.features).toEqual([
      {
        key_vault: [
          {
            purge_soft_delete_on_destroy: false,
            purge_soft_deleted_keys_on_destroy: false,
            purge_soft_deleted_secrets_on_destroy: false,
            recover_soft_deleted_key_vaults: true,
            recover_soft_deleted_keys: true,
          },
        ],
        resource_group: [{ prevent_deletion_if_contains_resources: true }],
        log_analytics_workspace: [{ permanently_delete_on_destroy: false }],
        storage: [{ data_plane_available: false }],
      },
    ]);
    expect(remote.terraform!.required_providers.azurerm.version).toBe(AZURERM_VERSION_CONSTRAINT);
  });

  it("tags every taggable resource of the stack with the realm tags", () => {
    const tags = realmTags(model.config, target);
    expect(tags).toMatchObject({
      realm: "eu2",
      tier: "prod",
      residency: "eu",
      compliance: "gdpr-soc2",
      "managed-by": "realmkit",
      "cost-center": "4840",
    });
    expectTaggedEverywhere(local, tags);
    expect([isTaggable("azurerm_subnet"), isTaggable("azurerm_role_assignment"), isTaggable("azurerm_virtual_network")]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("keeps every resource in the realm's one resource group and region, geo-backup key material in the paired region", () => {
    const group = refTo(local, "azurerm_resource_group", "name");
    const locations = new Set<string>();
    for (const [type, all] of Object.entries(local.resource!)) {
      for (const res of Object.values(all)) {
        if (type !== "azurerm_resource_group" && res.resource_group_name !== undefined) expect(res.resource_group_name).toBe(group);
        if (res.location !== undefined) locations.add(res.location);
      }
    }
    expect([...locations].sort()).toEqual(["germanynorth", "germanywestcentral", "global"]);
    const paired = Object.entries(local.resource!).flatMap(([type, all]) =>
      Object.values(all)
        .filter((r) => r.location === "germanynorth")
        .map((r) => `${type}:${r.name}`),
    );
    expect(paired.sort()).toEqual([
      `azurerm_key_vault:ibc-eu2-kvgeo-${shortHash(SUB)}`,
      "azurerm_user_assigned_identity:ibc-eu2-database-geo",
    ]);
  });

  it("wires the database into the delegated subnet with geo-redundant backups, and storage geo-replicated", () => {
    const pg = Object.values(resourcesOf(local, "azurerm_postgresql_flexible_server"))[0]!;
    expect(pg.delegated_subnet_id).toBe(refTo(local, "azurerm_subnet", "id", (s) => s.name === "ibc-eu2-database"));
    expect(pg.geo_redundant_backup_enabled).toBe(true);
    expect(Object.values(resourcesOf(local, "azurerm_storage_account"))[0]!.account_replication_type).toBe("GZRS");
    expect(named(local, "azurerm_private_dns_cname_record", "db").record).toBe(refTo(local, "azurerm_postgresql_flexible_server", "fqdn"));
  });

  it("admits the node subnet and the runner's ranges (a Terraform variable) to the realm vault", () => {
    const vault = Object.values(resourcesOf(local, "azurerm_key_vault")).find((v) => v.location === "germanywestcentral")!;
    expect(vault.network_acls.virtual_network_subnet_ids).toEqual([
      refTo(local, "azurerm_subnet", "id", (s) => s.name === "ibc-eu2-nodes"),
    ]);
    expect(vault.network_acls.ip_rules).toBe(`\${var.${KEY_VAULT_IP_RANGES_VARIABLE}}`);
    expect(local.variable![KEY_VAULT_IP_RANGES_VARIABLE]).toMatchObject({ type: "list(string)", default: [], nullable: false });
  });

  it("starts the cluster only after the node subnet's NAT gateway and NSG are attached, with the layout's overlay ranges", () => {
    const aks = Object.values(resourcesOf(local, "azurerm_kubernetes_cluster"))[0]!;
    const nat = Object.keys(resourcesOf(local, "azurerm_subnet_nat_gateway_association"))[0];
    expect(aks.depends_on).toContain(`azurerm_subnet_nat_gateway_association.${nat}`);
    expect(aks.network_profile).toMatchObject({ pod_cidr: target.layout.extra.aksPods, service_cidr: target.layout.extra.aksServices });
    expect(aks.oms_agent.log_analytics_workspace_id).toBe(refTo(local, "azurerm_log_analytics_workspace", "id"));
  });

  it("outputs what operators look up", () => {
    expect(Object.keys(local.output ?? {}).sort()).toEqual([
      "app_identity_client_id",
      "bucket_names",
      "cluster_name",
      "database_host",
      // Datadog's Event Hub forwarder template's parameters (eu2 forwards to datadoghq.eu).
      "datadog_forwarder_parameters",
      "egress_ip",
      "key_vault_uri",
      "resource_group_name",
      "runtime_config_endpoint",
      "service_payments_secret_name",
      "service_payments_secret_uri",
      "service_payments_url",
      "service_search_url",
      "services_identity_client_id",
      "storage_account_name",
    ]);
  });

  it("passes every guardrail of its profiles with no suppression, etcd encryption with the private vault's key included", () => {
    expect(model.config.suppressions ?? []).toEqual([]);
    const view = fromTerraformJson(remote as never, "realm-eu2/cdk.tf.json");
    const result = evaluate([{ view, realm: model, target }], { now: new Date("2026-01-01T00:00:00Z") });
    const failing = result.findings.filter((f) => f.status === "fail" || f.status === "error").map((f) => f.ruleId);
    expect(failing).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "RK-AZURE-AKS-SECRETS-ENCRYPTED").map((f) => f.status)).toEqual(["pass"]);
    expect(result.findings.filter((f) => f.status === "pass").length).toBeGreaterThan(50);
  });

  it("puts no secret value, password or key material in the stack", () => {
    const text = JSON.stringify(remote);
    expect(resourcesOf(remote, "azurerm_key_vault_secret")).toEqual({});
    expect(text).not.toMatch(/"(administrator_password\w*|client_secret|access_key|sas_token|value_wo|password)":/);
  });
});

describe("Azure geo-redundancy", () => {
  const realm = (residency: string, tier: "prod" | "staging" | "dev") =>
    ({ config: { tier, residency } }) as unknown as Parameters<typeof geoRedundancyRegion>[0];
  const at = (region: string) => ({ region }) as Parameters<typeof geoRedundancyRegion>[1];

  it("uses the paired region when it lies inside the residency and the tier keeps data", () => {
    expect(geoRedundancyRegion(realm("eu", "prod"), at("germanywestcentral"))).toBe("germanynorth");
    expect(geoRedundancyRegion(realm("uk", "staging"), at("uksouth"))).toBe("ukwest");
  });

  it("keeps data in-region when the pair leaves the residency, there is no pair, or the tier is dev", () => {
    expect(geoRedundancyRegion(realm("br", "prod"), at("brazilsouth"))).toBeUndefined();
    expect(geoRedundancyRegion(realm("sg", "prod"), at("southeastasia"))).toBeUndefined();
    expect(geoRedundancyRegion(realm("eu", "prod"), at("italynorth"))).toBeUndefined();
    expect(geoRedundancyRegion(realm("eu", "dev"), at("germanywestcentral"))).toBeUndefined();
  });
});

describe("Azure as a further cloud", () => {
  let dir = "";
  let stacks: Record<string, TfJson> = {};
  beforeAll(() => {
    dir = tempInventory({
      "_defaults.yaml": MINIMAL_DEFAULTS,
      "r9.yaml": `realm: r9
tier: staging
residency: eu
clouds:
  - provider: aws
    region: eu-central-1
    account: "111122223333"
  - provider: azure
    region: germanywestcentral
    account: ${SUB}
    components: [keys, storage]
database: { engine: postgres, version: "16", size: small, storageGb: 50, highAvailability: false, backupRetentionDays: 7 }
storage: { buckets: [documents] }
`,
    });
    stacks = synthInventory(dir);
  });
  afterAll(() => removeInventory(dir));

  it("carries only the key and the storage, without network or database", () => {
    const azure = stacks["realm-r9-azure"]!;
    expect(Object.keys(azure.resource!).sort()).toEqual([
      "azurerm_key_vault",
      "azurerm_key_vault_key",
      "azurerm_management_lock",
      "azurerm_resource_group",
      "azurerm_role_assignment",
      "azurerm_storage_account",
      "azurerm_storage_container",
      "azurerm_user_assigned_identity",
    ]);
    expect(Object.keys(resourcesOf(azure, "azurerm_key_vault"))).toHaveLength(1);
    expect(Object.values(resourcesOf(azure, "azurerm_key_vault"))[0]!.network_acls.virtual_network_subnet_ids).toEqual([]);
  });

  it("reads the tenant from the signed-in principal when the cloud entry names none", () => {
    const azure = stacks["realm-r9-azure"]!;
    expect(azure.provider!.azurerm![0].tenant_id).toBeUndefined();
    expect(Object.values(resourcesOf(azure, "azurerm_key_vault"))[0]!.tenant_id).toBe("${data.azurerm_client_config.client.tenant_id}");
  });
});
