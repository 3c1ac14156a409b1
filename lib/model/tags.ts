import type { RealmConfig } from "../config/types";
import { profiles } from "./providers";
import type { CloudTarget } from "./realm-model";

export const MANDATORY_TAGS = ["realm", "tier", "residency", "compliance", "managed-by"] as const;

/**
 * The tags/labels every resource of a realm carries (AWS default_tags, GCP labels, Azure tags),
 * normalised to what the provider accepts. User tags cannot override the mandatory ones.
 */
export function realmTags(config: RealmConfig, target: CloudTarget): Record<string, string> {
  const profile = profiles[target.provider];
  const base: Record<string, string> = {
    ...(config.tags ?? {}),
    realm: config.realm,
    tier: config.tier,
    provider: target.provider,
    region: target.region,
    residency: config.residency,
    compliance: config.compliance.length ? [...config.compliance].sort().join("-") : "none",
    "managed-by": "realmkit",
  };
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [profile.tagKey(k), profile.tagValue(v)]));
}
