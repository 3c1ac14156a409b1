import { dict } from "../../config/dict";
import { cidrSubnet, formatCidr, overlaps, parseCidr } from "../cidr";
import type { NetworkLayout, ProviderProfile, RegionInfo } from "./types";

const withZones = (zone: string): RegionInfo => ({ zone, zones: ["1", "2", "3"] });
const noZones = (zone: string): RegionInfo => ({ zone, zones: [] });

const regions: Readonly<Record<string, RegionInfo>> = dict({
  eastus: withZones("us"),
  eastus2: withZones("us"),
  centralus: withZones("us"),
  southcentralus: withZones("us"),
  westus2: withZones("us"),
  westus3: withZones("us"),
  northcentralus: noZones("us"),
  canadacentral: withZones("ca"),
  northeurope: withZones("eu"),
  westeurope: withZones("eu"),
  germanywestcentral: withZones("eu"),
  francecentral: withZones("eu"),
  swedencentral: withZones("eu"),
  italynorth: withZones("eu"),
  polandcentral: withZones("eu"),
  uksouth: withZones("uk"),
  ukwest: noZones("uk"),
  switzerlandnorth: withZones("ch"),
  japaneast: withZones("jp"),
  koreacentral: withZones("kr"),
  southeastasia: withZones("sg"),
  australiaeast: withZones("au"),
  centralindia: withZones("in"),
  brazilsouth: withZones("br"),
});

/** An Azure paired region and the residency zone it lies in. */
export interface AzurePairedRegion {
  readonly region: string;
  readonly zone: string;
}

/**
 * Azure's region pairs: where geo-redundant backups (PostgreSQL) and geo-replicated storage
 * (GZRS) keep their second copy. A pair may lie outside the realm's residency (Brazil South
 * pairs with South Central US, Southeast Asia with East Asia in Hong Kong) and some regions
 * have none (Italy North, Poland Central): the stack kit then keeps data in-region.
 */
const pairs: Readonly<Record<string, AzurePairedRegion>> = dict({
  eastus: { region: "westus", zone: "us" },
  eastus2: { region: "centralus", zone: "us" },
  centralus: { region: "eastus2", zone: "us" },
  southcentralus: { region: "northcentralus", zone: "us" },
  westus2: { region: "westcentralus", zone: "us" },
  westus3: { region: "eastus", zone: "us" },
  northcentralus: { region: "southcentralus", zone: "us" },
  canadacentral: { region: "canadaeast", zone: "ca" },
  northeurope: { region: "westeurope", zone: "eu" },
  westeurope: { region: "northeurope", zone: "eu" },
  germanywestcentral: { region: "germanynorth", zone: "eu" },
  francecentral: { region: "francesouth", zone: "eu" },
  swedencentral: { region: "swedensouth", zone: "eu" },
  uksouth: { region: "ukwest", zone: "uk" },
  ukwest: { region: "uksouth", zone: "uk" },
  switzerlandnorth: { region: "switzerlandwest", zone: "ch" },
  japaneast: { region: "japanwest", zone: "jp" },
  koreacentral: { region: "koreasouth", zone: "kr" },
  southeastasia: { region: "eastasia", zone: "hk" },
  australiaeast: { region: "australiasoutheast", zone: "au" },
  centralindia: { region: "southindia", zone: "in" },
  brazilsouth: { region: "southcentralus", zone: "us" },
});

export function azurePairedRegion(region: string): AzurePairedRegion | undefined {
  return pairs[region];
}

/** The longest realm prefix Azure accepts: the node subnet (an eighth) then holds ~120 nodes. */
export const AZURE_SMALLEST_REALM_PREFIX = 22;

// AKS overlay ranges never leave the cluster (pods reach the VNet through the node's address),
// so every realm may reuse them; the first candidate that stays clear of the realm range wins.
const OVERLAY_PODS = ["10.244.0.0/16", "172.20.0.0/16", "192.168.0.0/17"] as const;
const OVERLAY_SERVICES = ["10.245.0.0/16", "172.21.0.0/16", "192.168.128.0/17"] as const;

/**
 * The Azure realm network. Azure subnets are regional (one subnet serves every availability
 * zone), so each role gets one subnet; there is no public subnet (egress leaves through a NAT
 * gateway, which needs none). The realm range is cut in sixteenths, the same way for every
 * prefix, so a plan never moves an existing range:
 *
 * | sixteenths | range | use |
 * |---|---|---|
 * | 0-1 | `private[0]` | AKS node subnet (Azure CNI overlay: nodes and internal load balancers only) |
 * | 2 | `extra.endpoints` | private endpoints (storage blob, ...) |
 * | 3 | `database[0]` | PostgreSQL flexible server, delegated to `Microsoft.DBforPostgreSQL/flexibleServers` |
 * | 4 | `extra.apiServer` | AKS API server VNet integration, delegated to `Microsoft.ContainerService/managedClusters` (needs /28 or larger) |
 * | 5-15 | - | reserved (application gateway, more node subnets later) |
 *
 * `extra.aksPods` and `extra.aksServices` are the AKS overlay pod and service ranges: outside
 * the realm range by construction. For a /16: nodes /19, endpoints /20, database /20.
 */
export function azureNetworkLayout(cidr: string, zones: number): NetworkLayout {
  const range = parseCidr(cidr);
  if (!range) throw new RangeError(`${cidr} is not a valid IPv4 CIDR`);
  if (zones < 1 || zones > 6) throw new RangeError(`zones must be 1 to 6, got ${zones}`);
  if (range.prefix > AZURE_SMALLEST_REALM_PREFIX) {
    throw new RangeError(
      `${cidr} is too small: Azure realms need a prefix of /${AZURE_SMALLEST_REALM_PREFIX} or shorter (the AKS node subnet is an eighth of it)`,
    );
  }
  const clear = (candidates: readonly string[]): string => candidates.find((c) => !overlaps(parseCidr(c)!, range))!;
  return {
    private: [formatCidr(cidrSubnet(range, 3, 0))],
    public: [],
    database: [formatCidr(cidrSubnet(range, 4, 3))],
    extra: {
      endpoints: formatCidr(cidrSubnet(range, 4, 2)),
      apiServer: formatCidr(cidrSubnet(range, 4, 4)),
      aksPods: clear(OVERLAY_PODS),
      aksServices: clear(OVERLAY_SERVICES),
    },
  };
}

export const azureProfile: ProviderProfile = {
  provider: "azure",
  accountLabel: "Azure subscription id",
  accountPattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  identityFields: [
    {
      field: "deployIdentity",
      label: () => "the client id (a lowercase GUID) of the app registration or managed identity CI uses",
      example: () => "7a1d9e42-c8b3-4f65-9e20-3b6c5d8a1f47",
      pattern: () => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    },
  ],
  regions,
  sizes: {
    database: {
      small: "GP_Standard_D2ds_v5",
      medium: "GP_Standard_D4ds_v5",
      large: "GP_Standard_D8ds_v5",
      xlarge: "GP_Standard_D16ds_v5",
    },
    node: { small: "Standard_D2s_v5", medium: "Standard_D4s_v5", large: "Standard_D8s_v5", xlarge: "Standard_D16s_v5" },
  },
  names: {
    default: { maxLength: 63, allowed: /[a-z0-9-]/, separator: "-" },
    storageAccount: { maxLength: 24, allowed: /[a-z0-9]/, separator: "" },
    keyVault: { maxLength: 24, allowed: /[a-z0-9-]/, separator: "-" },
    // App Configuration store names: 5 to 50 characters, globally unique.
    appConfiguration: { maxLength: 50, allowed: /[a-z0-9-]/, separator: "-" },
    resourceGroup: { maxLength: 90, allowed: /[a-z0-9-]/, separator: "-" },
    // Monitor action group short names appear in alert e-mails and SMS: at most 12 characters.
    actionGroupShort: { maxLength: 12, allowed: /[a-z0-9-]/, separator: "-" },
  },
  networkLayout: azureNetworkLayout,
  tagKey: (key) => key,
  tagValue: (value) => value.slice(0, 256),
};
