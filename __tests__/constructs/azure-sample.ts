import type { AzureKeyRef, AzureScopeProps } from "../../constructs/azure-scope";
import type { TfJson } from "../helpers/synth";

export const SUBSCRIPTION = "5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80";
export const TENANT = "0b7e4c21-3d59-4f8a-a1c6-94e2d7f05b3c";
export const LOCATION = "germanywestcentral";
export const ZONES = ["1", "2", "3"];
export const TAGS: Readonly<Record<string, string>> = {
  realm: "eu2",
  tier: "prod",
  provider: "azure",
  region: LOCATION,
  residency: "eu",
  compliance: "gdpr-soc2",
  "managed-by": "realmkit",
};

export const SCOPE: AzureScopeProps = { resourceGroupName: "ibc-eu2-rg", location: LOCATION, tags: TAGS };

const VAULT = `/subscriptions/${SUBSCRIPTION}/resourceGroups/ibc-eu2-rg/providers/Microsoft.KeyVault/vaults/ibc-eu2-kv`;
export const KEY: AzureKeyRef = {
  keyId: "https://ibc-eu2-kv.vault.azure.net/keys/ibc-eu2-cmk",
  keyResourceId: `${VAULT}/keys/ibc-eu2-cmk`,
};
export const GEO_KEY = {
  keyId: "https://ibc-eu2-kvgeo.vault.azure.net/keys/ibc-eu2-cmk-geo",
  keyResourceId: "/subscriptions/x/resourceGroups/ibc-eu2-rg/providers/Microsoft.KeyVault/vaults/ibc-eu2-kvgeo/keys/ibc-eu2-cmk-geo",
  location: "germanynorth",
};
export const SUBNET = (name: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/ibc-eu2-rg/providers/Microsoft.Network/virtualNetworks/ibc-eu2-vnet/subnets/${name}`;
export const VNET = `/subscriptions/${SUBSCRIPTION}/resourceGroups/ibc-eu2-rg/providers/Microsoft.Network/virtualNetworks/ibc-eu2-vnet`;

/** Whether the azurerm resource type takes `tags`, read from its generated binding (not a hand-kept list). */
export function isTaggable(type: string): boolean {
  const mod = require(`@cdktf/provider-azurerm/lib/${type.replace(/^azurerm_/, "").replace(/_/g, "-")}`) as Record<string, unknown>;
  const cls = Object.values(mod).find((v) => typeof v === "function" && (v as { tfResourceType?: string }).tfResourceType === type) as
    | { prototype: object }
    | undefined;
  if (!cls) throw new Error(`no binding class for ${type}`);
  return Object.getOwnPropertyDescriptor(cls.prototype, "tags") !== undefined;
}

/** Every resource whose type takes tags, with its address, for tag assertions. */
export function taggableResources(json: TfJson): Array<[string, Record<string, any>]> {
  return Object.entries(json.resource ?? {})
    .filter(([type]) => isTaggable(type))
    .flatMap(([type, all]) => Object.entries(all).map(([name, res]) => [`${type}.${name}`, res] as [string, Record<string, any>]));
}

/** Asserts that every taggable resource carries exactly `tags`, and that there is at least one. */
export function expectTaggedEverywhere(json: TfJson, tags: Readonly<Record<string, string>> = TAGS): void {
  const taggable = taggableResources(json);
  expect(taggable.length).toBeGreaterThan(0);
  for (const [address, res] of taggable) expect({ address, tags: res.tags }).toEqual({ address, tags });
}

export { addressOf, named, refTo } from "../helpers/synth";
