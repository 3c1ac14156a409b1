import { cidrSubnet, formatCidr } from "../cidr";
import { zonalLayout } from "./layout";
import type { ProviderProfile, RegionInfo } from "./types";

const withZones = (zone: string): RegionInfo => ({ zone, zones: ["1", "2", "3"] });
const noZones = (zone: string): RegionInfo => ({ zone, zones: [] });

const regions: Record<string, RegionInfo> = {
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
};

export const azureProfile: ProviderProfile = {
  provider: "azure",
  accountLabel: "Azure subscription id",
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
    resourceGroup: { maxLength: 90, allowed: /[a-z0-9-]/, separator: "-" },
  },
  // Azure subnets are regional; zonal ranges are kept so the layout matches the other clouds,
  // and the free eighths hold the AKS node subnet and private endpoints.
  networkLayout: (cidr, zones) =>
    zonalLayout(cidr, Math.max(1, Math.min(zones, 3)), 29, (range) => ({
      endpoints: formatCidr(cidrSubnet(range, 4, 8)),
    })),
  tagKey: (key) => key,
  tagValue: (value) => value.slice(0, 256),
};
