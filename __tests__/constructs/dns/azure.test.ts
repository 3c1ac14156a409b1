import { AzureDns, type AzureDnsProps } from "../../../constructs/dns/azure";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { expectTaggedEverywhere, refTo, SCOPE, VNET } from "../azure-sample";

const base: AzureDnsProps = {
  ...SCOPE,
  realm: "eu2",
  tier: "prod",
  zone: "eu2.ibc.example.com",
  vnetId: VNET,
  records: [{ name: "db", type: "CNAME", values: ["ibc-eu2-pg-abc123.postgres.database.azure.com"] }],
};
const synth = (props: Partial<AzureDnsProps> = {}): TfJson => synthConstruct((scope) => new AzureDns(scope, "dns", { ...base, ...props }));

describe("AzureDns", () => {
  const json = synth();

  it("creates the realm's private zone, resolvable only from the realm VNet, without auto-registration", () => {
    expect(onlyResource(json, "azurerm_private_dns_zone")).toMatchObject({
      name: "eu2.ibc.example.com",
      resource_group_name: "ibc-eu2-rg",
    });
    expect(onlyResource(json, "azurerm_private_dns_zone_virtual_network_link")).toMatchObject({
      private_dns_zone_name: refTo(json, "azurerm_private_dns_zone", "name"),
      virtual_network_id: VNET,
      registration_enabled: false,
    });
  });

  it("points db at the database host", () => {
    expect(onlyResource(json, "azurerm_private_dns_cname_record")).toMatchObject({
      name: "db",
      zone_name: refTo(json, "azurerm_private_dns_zone", "name"),
      record: "ibc-eu2-pg-abc123.postgres.database.azure.com",
      ttl: 300,
    });
  });

  it("writes A records with all their addresses", () => {
    const a = synth({ records: [{ name: "api", type: "A", values: ["10.80.0.10", "10.80.0.11"] }], ttlSeconds: 60 });
    expect(onlyResource(a, "azurerm_private_dns_a_record")).toMatchObject({ name: "api", records: ["10.80.0.10", "10.80.0.11"], ttl: 60 });
  });

  it.each([
    ["prod", true],
    ["staging", true],
    ["dev", false],
  ] as const)("protects the zone when the tier keeps data (%s: %s)", (tier, protectedZone) => {
    const zoned = synth({ tier });
    expect(onlyResource(zoned, "azurerm_private_dns_zone").lifecycle).toEqual({ prevent_destroy: protectedZone });
    // The lock sits on the SOA record set: the zone cannot be deleted, its records stay editable (ExternalDNS).
    const locks = Object.values(resourcesOf(zoned, "azurerm_management_lock")).map((l) => [l.scope, l.lock_level]);
    expect(locks).toEqual(protectedZone ? [[`${refTo(zoned, "azurerm_private_dns_zone", "id")}/SOA/@`, "CanNotDelete"]] : []);
  });

  it("refuses duplicate, empty and multi-valued CNAME records", () => {
    const db = base.records[0]!;
    expect(() => synth({ records: [db, db] })).toThrow(expect.objectContaining({ code: "RK-AZURE-DNS-RECORD" }));
    expect(() => synth({ records: [{ ...db, values: [] }] })).toThrow(expect.objectContaining({ code: "RK-AZURE-DNS-RECORD" }));
    expect(() => synth({ records: [{ ...db, values: ["a.example.com", "b.example.com"] }] })).toThrow(
      expect.objectContaining({ code: "RK-AZURE-DNS-RECORD" }),
    );
    expect(resourcesOf(synth({ records: [] }), "azurerm_private_dns_cname_record")).toEqual({});
  });

  it("tags every resource that takes tags", () => {
    expectTaggedEverywhere(json);
  });
});
