import { AzureNetwork, NSG_PRIORITY, type AzureNetworkProps } from "../../../constructs/network/azure";
import { AzureResourceGroup } from "../../../constructs/network/azure-resource-group";
import { awsProfile } from "../../../lib/model/providers/aws";
import { azureNetworkLayout } from "../../../lib/model/providers/azure";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { expectTaggedEverywhere, named, refTo, SCOPE, TAGS, ZONES } from "../azure-sample";

const prod: AzureNetworkProps = {
  ...SCOPE,
  realm: "eu2",
  tier: "prod",
  cidr: "10.80.0.0/16",
  zones: ZONES,
  layout: azureNetworkLayout("10.80.0.0/16", 3),
  natPerZone: true,
  flowLogRetentionDays: 365,
};
const synth = (props: AzureNetworkProps): TfJson => synthConstruct((scope) => new AzureNetwork(scope, "network", props));
const rules = (json: TfJson) => Object.values(resourcesOf(json, "azurerm_network_security_rule"));
const nsgRef = (json: TfJson, name: string) => refTo(json, "azurerm_network_security_group", "name", (r) => r.name === name);

describe("AzureNetwork", () => {
  const json = synth(prod);

  it("creates one VNet over the realm range", () => {
    expect(onlyResource(json, "azurerm_virtual_network")).toMatchObject({
      name: "ibc-eu2-vnet",
      address_space: ["10.80.0.0/16"],
      location: "germanywestcentral",
      resource_group_name: "ibc-eu2-rg",
    });
  });

  it("cuts one regional subnet per role from the layout, none with implicit default outbound access", () => {
    const subnets = Object.values(resourcesOf(json, "azurerm_subnet")).map((s) => [
      s.name,
      s.address_prefixes,
      s.default_outbound_access_enabled,
    ]);
    expect(subnets.sort()).toEqual([
      ["ibc-eu2-apiserver", ["10.80.64.0/20"], false],
      ["ibc-eu2-database", ["10.80.48.0/20"], false],
      ["ibc-eu2-endpoints", ["10.80.32.0/20"], false],
      ["ibc-eu2-nodes", ["10.80.0.0/19"], false],
    ]);
  });

  it("delegates the database subnet to PostgreSQL flexible servers and nothing else", () => {
    expect(named(json, "azurerm_subnet", "ibc-eu2-database").delegation).toEqual([
      {
        name: "postgresql-flexible-server",
        service_delegation: {
          name: "Microsoft.DBforPostgreSQL/flexibleServers",
          actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
        },
      },
    ]);
    expect(named(json, "azurerm_subnet", "ibc-eu2-apiserver").delegation).toEqual([
      {
        name: "aks-api-server",
        service_delegation: {
          name: "Microsoft.ContainerService/managedClusters",
          actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
        },
      },
    ]);
    expect(named(json, "azurerm_subnet", "ibc-eu2-nodes").delegation).toBeUndefined();
  });

  it("gives the node subnet a Key Vault service endpoint and applies NSGs to private endpoints", () => {
    expect(named(json, "azurerm_subnet", "ibc-eu2-nodes").service_endpoints).toEqual(["Microsoft.KeyVault"]);
    expect(named(json, "azurerm_subnet", "ibc-eu2-endpoints").private_endpoint_network_policies).toBe("Enabled");
  });

  it("associates every subnet with its own NSG", () => {
    const associations = Object.values(resourcesOf(json, "azurerm_subnet_network_security_group_association"));
    const pairs = associations.map((a) => [a.subnet_id, a.network_security_group_id]).sort();
    const expected = ["nodes", "database", "endpoints", "apiserver"].map((role) => [
      refTo(json, "azurerm_subnet", "id", (s) => s.name === `ibc-eu2-${role}`),
      refTo(json, "azurerm_network_security_group", "id", (n) => n.name === `ibc-eu2-${role}-nsg`),
    ]);
    expect(pairs).toEqual(expected.sort());
  });

  it("denies inbound internet traffic explicitly on every NSG", () => {
    for (const role of ["nodes", "database", "endpoints", "apiserver"]) {
      const deny = rules(json).filter(
        (r) => r.network_security_group_name === nsgRef(json, `ibc-eu2-${role}-nsg`) && r.direction === "Inbound",
      );
      expect(deny).toEqual([
        expect.objectContaining({
          name: "deny-internet-inbound",
          access: "Deny",
          priority: NSG_PRIORITY.denyInternetIn,
          protocol: "*",
          source_address_prefix: "Internet",
          destination_port_range: "*",
          destination_address_prefix: "*",
        }),
      ]);
    }
  });

  it("never allows anything inbound, least of all SSH or RDP from the internet", () => {
    const allowsInbound = rules(json).filter((r) => r.direction === "Inbound" && r.access === "Allow");
    expect(allowsInbound).toEqual([]);
  });

  it("lets nodes reach the internet only over HTTPS and NTP", () => {
    const nodesOut = rules(json)
      .filter((r) => r.network_security_group_name === nsgRef(json, "ibc-eu2-nodes-nsg") && r.direction === "Outbound")
      .map((r) => [r.priority, r.access, r.protocol, r.destination_port_range, r.destination_address_prefix])
      .sort();
    expect(nodesOut).toEqual([
      [3900, "Allow", "Tcp", "443", "Internet"],
      [3910, "Allow", "Udp", "123", "Internet"],
      [4000, "Deny", "*", "*", "Internet"],
    ]);
  });

  it("sends node egress through one Standard NAT gateway with a static zonal address in the first zone", () => {
    const nat = onlyResource(json, "azurerm_nat_gateway");
    expect(nat).toMatchObject({ name: "ibc-eu2-nat", sku_name: "Standard", zones: ["1"], idle_timeout_in_minutes: 4 });
    expect(onlyResource(json, "azurerm_public_ip")).toMatchObject({
      name: "ibc-eu2-nat-ip",
      allocation_method: "Static",
      sku: "Standard",
      zones: ["1"],
    });
    expect(onlyResource(json, "azurerm_nat_gateway_public_ip_association")).toEqual({
      nat_gateway_id: refTo(json, "azurerm_nat_gateway", "id"),
      public_ip_address_id: refTo(json, "azurerm_public_ip", "id"),
    });
    expect(onlyResource(json, "azurerm_subnet_nat_gateway_association")).toEqual({
      nat_gateway_id: refTo(json, "azurerm_nat_gateway", "id"),
      subnet_id: refTo(json, "azurerm_subnet", "id", (s) => s.name === "ibc-eu2-nodes"),
    });
  });

  it("leaves NAT gateway and address regional in a region without zones", () => {
    const regional = synth({ ...prod, zones: [] });
    expect(onlyResource(regional, "azurerm_nat_gateway").zones).toBeUndefined();
    expect(onlyResource(regional, "azurerm_public_ip").zones).toBeUndefined();
  });

  it("tags every resource that takes tags with the realm tags", () => {
    expectTaggedEverywhere(json);
  });

  it("refuses a layout from another provider's profile", () => {
    const aws = { ...prod, layout: awsProfile.networkLayout("10.80.0.0/16", 3) };
    expect(() => synth(aws)).toThrow(expect.objectContaining({ code: "RK-AZURE-NETWORK-LAYOUT" }));
  });
});

describe("AzureResourceGroup", () => {
  const group = (tier: "prod" | "staging" | "dev") =>
    onlyResource(
      synthConstruct((scope) => new AzureResourceGroup(scope, "rg", { realm: "eu2", tier, location: "germanywestcentral", tags: TAGS })),
      "azurerm_resource_group",
    );

  it("names the one group of the realm with the resourceGroup rule and tags it", () => {
    expect(group("prod")).toMatchObject({ name: "ibc-eu2-rg", location: "germanywestcentral", tags: TAGS });
  });

  it.each([
    ["prod", true],
    ["staging", true],
    ["dev", false],
  ] as const)("refuses destruction when the tier keeps data (%s: %s)", (tier, protectedGroup) => {
    expect(group(tier).lifecycle).toEqual({ prevent_destroy: protectedGroup });
  });
});
