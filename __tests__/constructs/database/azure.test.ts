import { AzureDatabase, type AzureDatabaseProps } from "../../../constructs/database/azure";
import { SERVER_PARAMETERS, storageSizeMb } from "../../../constructs/database/azure-postgres";
import { shortHash } from "../../../lib/model/naming";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { sampleProps } from "../aws-sample";
import {
  addressOf,
  expectTaggedEverywhere,
  GEO_KEY,
  KEY,
  named,
  refTo,
  SCOPE,
  SUBNET,
  SUBSCRIPTION,
  TENANT,
  VNET,
  ZONES,
} from "../azure-sample";

const eu2 = sampleProps("eu2");
const managed = eu2.database!.managed!;
const base: AzureDatabaseProps = {
  ...SCOPE,
  ...eu2.database!,
  tenantId: TENANT,
  uniqueSuffix: SUBSCRIPTION,
  key: KEY,
  delegatedSubnetId: SUBNET("ibc-eu2-database"),
  vnetId: VNET,
  zones: ZONES,
  clientSecurityGroupName: "ibc-eu2-nodes-nsg",
};
const synth = (props: Partial<AzureDatabaseProps> = {}): TfJson =>
  synthConstruct((scope) => new AzureDatabase(scope, "database", { ...base, ...props }));
const withSpec = (spec: Partial<typeof managed>, props: Partial<AzureDatabaseProps> = {}) =>
  synth({ ...props, managed: { ...managed, ...spec } });
const server = (json: TfJson) => onlyResource(json, "azurerm_postgresql_flexible_server");
const SERVER = `ibc-eu2-pg-${shortHash(SUBSCRIPTION)}`;

describe("AzureDatabase (managed)", () => {
  const json = synth();
  const pg = server(json);

  it("sizes the server from the catalogue: eu2 is large on PostgreSQL 16 with 200 GiB rounded up to 256 GiB", () => {
    expect(pg).toMatchObject({
      name: SERVER,
      version: "16",
      sku_name: "GP_Standard_D8ds_v5",
      storage_mb: 262144,
      backup_retention_days: 30,
    });
  });

  it("rounds storage up to the next disk size Azure offers and refuses more than the largest", () => {
    expect(storageSizeMb(20, "eu2")).toBe(32768);
    expect(storageSizeMb(32, "eu2")).toBe(32768);
    expect(storageSizeMb(50, "eu2")).toBe(65536);
    expect(storageSizeMb(4095, "eu2")).toBe(4193280);
    expect(storageSizeMb(32767, "eu2")).toBe(33553408);
    expect(() => storageSizeMb(40000, "eu2")).toThrow(expect.objectContaining({ code: "RK-AZURE-DATABASE-STORAGE", value: 40000 }));
  });

  it("lives only on the realm network: delegated subnet, private DNS zone linked to the VNet, no public access", () => {
    expect(pg).toMatchObject({
      delegated_subnet_id: SUBNET("ibc-eu2-database"),
      private_dns_zone_id: refTo(json, "azurerm_private_dns_zone", "id"),
      public_network_access_enabled: false,
    });
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe(`${SERVER}.private.postgres.database.azure.com`);
    expect(onlyResource(json, "azurerm_private_dns_zone_virtual_network_link")).toMatchObject({
      private_dns_zone_name: refTo(json, "azurerm_private_dns_zone", "name"),
      virtual_network_id: VNET,
      registration_enabled: false,
    });
    expect(pg.depends_on).toContain(addressOf(json, "azurerm_private_dns_zone_virtual_network_link"));
  });

  it("encrypts with the realm key through its own identity, granted on the key before the server exists", () => {
    const identity = refTo(json, "azurerm_user_assigned_identity", "id", (i) => i.name === "ibc-eu2-database");
    expect(pg.identity).toEqual({ type: "UserAssigned", identity_ids: [identity] });
    expect(pg.customer_managed_key).toEqual({ key_vault_key_id: KEY.keyId, primary_user_assigned_identity_id: identity });
    const grant = onlyResource(json, "azurerm_role_assignment");
    expect(grant).toEqual({
      scope: KEY.keyResourceId,
      role_definition_name: "Key Vault Crypto Service Encryption User",
      principal_id: refTo(json, "azurerm_user_assigned_identity", "principal_id", (i) => i.name === "ibc-eu2-database"),
      principal_type: "ServicePrincipal",
    });
    expect(pg.depends_on).toContain(addressOf(json, "azurerm_role_assignment"));
  });

  it("signs in with Entra ID only: no password exists, a managed identity is the administrator", () => {
    expect(pg.authentication).toEqual({ active_directory_auth_enabled: true, password_auth_enabled: false, tenant_id: TENANT });
    expect(JSON.stringify(json)).not.toMatch(/administrator_(login|password)/);
    expect(onlyResource(json, "azurerm_postgresql_flexible_server_active_directory_administrator")).toEqual({
      server_name: refTo(json, "azurerm_postgresql_flexible_server", "name"),
      resource_group_name: "ibc-eu2-rg",
      tenant_id: TENANT,
      object_id: refTo(json, "azurerm_user_assigned_identity", "principal_id", (i) => i.name === "ibc-eu2-database-admin"),
      principal_name: refTo(json, "azurerm_user_assigned_identity", "name", (i) => i.name === "ibc-eu2-database-admin"),
      principal_type: "ServicePrincipal",
    });
  });

  it("requires TLS 1.2+ and logs every connection and disconnection", () => {
    const params = Object.values(resourcesOf(json, "azurerm_postgresql_flexible_server_configuration"));
    expect(Object.fromEntries(params.map((p) => [p.name, p.value]))).toEqual({
      require_secure_transport: "on",
      ssl_min_protocol_version: "TLSv1.2",
      log_connections: "on",
      log_disconnections: "on",
    });
    expect(SERVER_PARAMETERS.require_secure_transport).toBe("on");
    for (const p of params) expect(p.server_id).toBe(refTo(json, "azurerm_postgresql_flexible_server", "id"));
  });

  it("runs a zone-redundant standby for highAvailability where the region has zones, and ignores failover swaps", () => {
    expect(pg.zone).toBe("1");
    expect(pg.high_availability).toEqual({ mode: "ZoneRedundant", standby_availability_zone: "2" });
    expect(pg.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["zone", "high_availability[0].standby_availability_zone"]));
  });

  it("falls back to a same-zone standby in a region without zones, and to no standby without highAvailability", () => {
    expect(server(synth({ zones: [] })).high_availability).toEqual({ mode: "SameZone" });
    expect(server(synth({ zones: [] })).zone).toBeUndefined();
    expect(server(withSpec({ highAvailability: false })).high_availability).toBeUndefined();
  });

  it("keeps backups in-region without a geo key, and geo-redundant with the paired-region key and identity", () => {
    expect(pg.geo_redundant_backup_enabled).toBe(false);
    const geo = synth({ geoBackupKey: GEO_KEY });
    const geoPg = server(geo);
    const geoIdentity = named(geo, "azurerm_user_assigned_identity", "ibc-eu2-database-geo");
    expect(geoIdentity.location).toBe("germanynorth");
    const geoId = refTo(geo, "azurerm_user_assigned_identity", "id", (i) => i.name === "ibc-eu2-database-geo");
    expect(geoPg.geo_redundant_backup_enabled).toBe(true);
    expect(geoPg.customer_managed_key).toMatchObject({
      geo_backup_key_vault_key_id: GEO_KEY.keyId,
      geo_backup_user_assigned_identity_id: geoId,
    });
    expect(geoPg.identity.identity_ids).toContain(geoId);
    const grants = Object.values(resourcesOf(geo, "azurerm_role_assignment")).map((r) => r.scope);
    expect(grants.sort()).toEqual([GEO_KEY.keyResourceId, KEY.keyResourceId].sort());
  });

  it("grows storage automatically when maxStorageGb allows it, and then leaves the size to Azure", () => {
    expect(pg.auto_grow_enabled).toBe(true);
    expect(pg.lifecycle.ignore_changes).toContain("storage_mb");
    const fixed = server(withSpec({ maxStorageGb: undefined }));
    expect(fixed.auto_grow_enabled).toBe(false);
    expect(fixed.lifecycle.ignore_changes).not.toContain("storage_mb");
  });

  it("protects server and DNS zone with prevent_destroy and CanNotDelete locks when asked", () => {
    expect(pg.lifecycle.prevent_destroy).toBe(true);
    expect(onlyResource(json, "azurerm_private_dns_zone").lifecycle).toEqual({ prevent_destroy: true });
    const locks = Object.values(resourcesOf(json, "azurerm_management_lock")).map((l) => [l.scope, l.lock_level]);
    expect(locks.sort()).toEqual(
      [
        [refTo(json, "azurerm_postgresql_flexible_server", "id"), "CanNotDelete"],
        // The zone's SOA record set: the zone cannot go, the records PostgreSQL manages stay changeable.
        [`${refTo(json, "azurerm_private_dns_zone", "id")}/SOA/@`, "CanNotDelete"],
      ].sort(),
    );
    const dev = synth({ deletionProtection: false });
    expect(server(dev).lifecycle.prevent_destroy).toBe(false);
    expect(resourcesOf(dev, "azurerm_management_lock")).toEqual({});
  });

  it("rejects a backup retention Azure does not offer", () => {
    expect(() => withSpec({ backupRetentionDays: 3 })).toThrow(expect.objectContaining({ code: "RK-AZURE-DATABASE-RANGE", value: 3 }));
  });

  it("tags every resource that takes tags", () => {
    expectTaggedEverywhere(synth({ geoBackupKey: GEO_KEY }));
  });
});

describe("AzureDatabase (external)", () => {
  const external = { ...base, managed: undefined, external: { host: "pg.partner.example.com", port: 5433 } };
  let db: AzureDatabase | undefined;
  const json = synthConstruct((scope) => {
    db = new AzureDatabase(scope, "database", external);
  });

  it("creates no server, only the egress rule to the external host's port on the workload NSG", () => {
    expect(Object.keys(json.resource!)).toEqual(["azurerm_network_security_rule"]);
    expect(onlyResource(json, "azurerm_network_security_rule")).toMatchObject({
      network_security_group_name: "ibc-eu2-nodes-nsg",
      direction: "Outbound",
      access: "Allow",
      priority: 3800,
      protocol: "Tcp",
      destination_port_range: "5433",
      destination_address_prefix: "Internet",
    });
  });

  it("names the Key Vault secret the credentials belong in, and exposes host and port", () => {
    expect(db!.credentialsSecretName).toBe("ibc-eu2-database-credentials");
    expect([db!.host, db!.port, db!.serverId]).toEqual(["pg.partner.example.com", 5433, undefined]);
  });

  it("refuses to be both managed and external", () => {
    expect(() => synth({ external: { host: "pg.example.com", port: 5432 } })).toThrow(
      expect.objectContaining({ code: "RK-AZURE-DATABASE-KIND" }),
    );
  });
});
