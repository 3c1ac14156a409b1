import { dict } from "../config/dict";
import type { Provider } from "../config/types";
import { profiles } from "../model/providers";
import { azurePairedRegion } from "../model/providers/azure";
import { residencyZones } from "../model/residency";

/** Terraform provider local names of the clouds Realmkit knows. */
export const CLOUD_OF_PROVIDER: Readonly<Record<string, Provider>> = dict({
  aws: "aws",
  google: "gcp",
  "google-beta": "gcp",
  azurerm: "azure",
});

/**
 * Google multi- and dual-regions and the residency zones their data may sit in. Ones not
 * listed (e.g. ASIA, which spans Taiwan and Hong Kong) fail the residency rule until someone
 * decides where they belong.
 */
const GCP_MULTI_REGIONS: Readonly<Record<string, readonly string[]>> = dict({
  us: ["us"],
  eu: ["eu"],
  nam4: ["us"],
  eur4: ["eu"],
  asia1: ["jp"],
});

/**
 * Azure paired regions (where geo-redundant copies go) are not deployable realm regions, but
 * data lands there: their residency zone comes from the Azure profile's pair table.
 */
const AZURE_PAIR_ZONES: ReadonlyMap<string, string> = new Map(
  Object.keys(profiles.azure.regions)
    .map((r) => azurePairedRegion(r))
    .filter((p): p is NonNullable<typeof p> => p !== undefined)
    .map((p) => [p.region, p.zone]),
);

export type RegionVerdict =
  | { readonly kind: "zones"; readonly region: string; readonly zones: readonly string[] }
  | { readonly kind: "unknown"; readonly value: string }
  | { readonly kind: "global" }
  | { readonly kind: "skip" };

/**
 * Maps a region/zone/location value of a cloud to the residency zones it puts data in.
 * AWS AZs (`us-east-2a`) and GCP zones (`europe-west3-b`) map to their region; Azure display
 * names (`West Europe`) are normalised; AZ ids (`use2-az1`) and Azure zone numbers are skipped.
 */
export function regionZones(cloud: Provider, raw: string): RegionVerdict {
  const value = cloud === "azure" ? raw.toLowerCase().replace(/\s+/g, "") : raw.toLowerCase();
  if (value === "global") return { kind: "global" };
  const known = profiles[cloud].regions;
  const zoneOf = (region: string): RegionVerdict | undefined => {
    const info = known[region];
    return info ? { kind: "zones", region, zones: [info.zone] } : undefined;
  };
  const direct = zoneOf(value);
  if (direct) return direct;
  if (cloud === "aws") {
    if (/^[a-z]{3}\d-az\d+$/.test(value)) return { kind: "skip" };
    const az = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)[a-z]$/.exec(value);
    if (az) return zoneOf(az[1]!) ?? { kind: "unknown", value: raw };
  }
  if (cloud === "gcp") {
    const multi = GCP_MULTI_REGIONS[value];
    if (multi) return { kind: "zones", region: value.toUpperCase(), zones: multi };
    const zone = /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(value);
    if (zone) return zoneOf(zone[1]!) ?? { kind: "unknown", value: raw };
  }
  if (cloud === "azure") {
    if (/^\d$/.test(value)) return { kind: "skip" };
    const pairZone = AZURE_PAIR_ZONES.get(value);
    if (pairZone) return { kind: "zones", region: value, zones: [pairZone] };
  }
  return { kind: "unknown", value: raw };
}

/** Residency zones a region or residency key (`us-east-1`, `eu`) stands for, on any cloud. */
export function zonesOfPlace(place: string): readonly string[] | undefined {
  if (place in residencyZones) return residencyZones[place];
  for (const cloud of Object.keys(profiles) as Provider[]) {
    const v = regionZones(cloud, place);
    if (v.kind === "zones") return v.zones;
  }
  return undefined;
}
