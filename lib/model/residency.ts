import { dict } from "../config/dict";
import type { Provider } from "../config/types";
import { profiles } from "./providers";

/**
 * Residency keys and the region zones each allows. A realm's `residency` picks one; every
 * region its stacks use must lie in a zone on that list. Keep this strict: widening a list
 * is a compliance decision, so it shows up in review as a change to this table.
 */
export const residencyZones: Readonly<Record<string, readonly string[]>> = dict({
  us: ["us"],
  eu: ["eu"],
  uk: ["uk"],
  ch: ["ch"],
  ca: ["ca"],
  au: ["au"],
  jp: ["jp"],
  sg: ["sg"],
  kr: ["kr"],
  in: ["in"],
  br: ["br"],
  apac: ["jp", "sg", "au", "kr", "in"],
  global: ["us", "eu", "uk", "ch", "ca", "au", "jp", "sg", "kr", "in", "br"],
});

export function isKnownResidency(residency: string): boolean {
  return residency in residencyZones;
}

/** Whether `region` of `provider` is inside `residency`; false for unknown regions. */
export function regionAllowed(provider: Provider, region: string, residency: string): boolean {
  const info = profiles[provider].regions[region];
  return info !== undefined && (residencyZones[residency] ?? []).includes(info.zone);
}

/** Every region of `provider` inside `residency`, for error messages and docs. */
export function allowedRegions(provider: Provider, residency: string): string[] {
  return Object.keys(profiles[provider].regions).filter((region) => regionAllowed(provider, region, residency));
}
