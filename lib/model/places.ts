import type { Provider } from "../config/types";
import { profiles } from "./providers";
import { residencyZones } from "./residency";

/**
 * Where a data flow goes. `to` in a realm file is one of: another realm's id, a region of any
 * cloud (`us-east-1`, or qualified `gcp:europe-west3`), a residency key (`eu`) or `internet`.
 * The residency guardrail and `realmkit cost` both read flows through this one resolver, so
 * they never disagree about what a destination means.
 */
export type Place =
  | {
      readonly kind: "realm";
      readonly realm: string;
      readonly provider: Provider;
      readonly region: string;
      readonly zones: readonly string[];
    }
  | { readonly kind: "region"; readonly provider: Provider; readonly region: string; readonly zones: readonly string[] }
  | { readonly kind: "residency"; readonly key: string; readonly zones: readonly string[] }
  | { readonly kind: "internet" };

/** A realm's primary cloud and region, as a flow destination. */
export interface RealmLocation {
  readonly provider: Provider;
  readonly region: string;
}

/** Looks up another realm of the inventory by id (undefined when there is none). */
export type RealmDirectory = (realm: string) => RealmLocation | undefined;

export const INTERNET = "internet";

/** Continents of residency zones: inter-region prices differ within and between them. */
const CONTINENT_OF_ZONE: ReadonlyMap<string, string> = new Map([
  ["us", "north-america"],
  ["ca", "north-america"],
  ["eu", "europe"],
  ["uk", "europe"],
  ["ch", "europe"],
  ["jp", "asia-pacific"],
  ["sg", "asia-pacific"],
  ["kr", "asia-pacific"],
  ["in", "asia-pacific"],
  ["hk", "asia-pacific"],
  ["au", "oceania"],
  ["br", "south-america"],
]);

export function continentOf(zone: string): string | undefined {
  return CONTINENT_OF_ZONE.get(zone);
}

const PROVIDERS = Object.keys(profiles) as Provider[];
const isProvider = (p: string): p is Provider => (PROVIDERS as string[]).includes(p);

/** The residency zone of a region Realmkit deploys to or knows data lands in (Azure pairs). */
export function zoneOfRegion(provider: Provider, region: string): string | undefined {
  return profiles[provider].regions[region]?.zone;
}

/**
 * Resolves a flow's `to`. Realm ids win over regions and residency keys (they cannot collide
 * with region names, but a realm called `eu` could shadow the key: the realm is meant).
 * Returns undefined for anything Realmkit cannot place.
 */
export function resolvePlace(to: string, realms: RealmDirectory): Place | undefined {
  if (to === INTERNET) return { kind: "internet" };
  const realm = Object.hasOwn(residencyZones, to) || /[:]/.test(to) ? undefined : realms(to);
  if (realm) {
    const zone = zoneOfRegion(realm.provider, realm.region);
    return { kind: "realm", realm: to, provider: realm.provider, region: realm.region, zones: zone ? [zone] : [] };
  }
  if (Object.hasOwn(residencyZones, to)) return { kind: "residency", key: to, zones: residencyZones[to]! };
  const qualified = /^([a-z]+):(.+)$/.exec(to);
  if (qualified) {
    const [, provider, region] = qualified as unknown as [string, string, string];
    if (!isProvider(provider)) return undefined;
    return regionPlace(provider, region);
  }
  for (const provider of PROVIDERS) {
    const place = regionPlace(provider, to);
    if (place) return place;
  }
  return undefined;
}

function regionPlace(provider: Provider, region: string): Place | undefined {
  const zone = zoneOfRegion(provider, region);
  return zone ? { kind: "region", provider, region, zones: [zone] } : undefined;
}

/** How a place is written in reports: `realm us2 (aws us-east-2)`, `gcp europe-west3`, `eu`. */
export function describePlace(place: Place): string {
  switch (place.kind) {
    case "internet":
      return "internet";
    case "residency":
      return `residency ${place.key}`;
    case "region":
      return `${place.provider} ${place.region}`;
    case "realm":
      return `realm ${place.realm} (${place.provider} ${place.region})`;
  }
}
