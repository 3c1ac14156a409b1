import type { Tier } from "../config/types";
import { isKnownResidency } from "../model/residency";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { MANDATORY_TAGS, realmTags } from "../model/tags";
import { profiles as providerProfiles } from "../model/providers";
import { stackTags } from "./tags";
import { PROFILES, type ProfileName, type RuleContext } from "./types";
import type { StackView } from "./view/types";

const TIERS: readonly Tier[] = ["prod", "staging", "dev"];

export interface ContextOptions {
  readonly realm?: RealmModel;
  readonly target?: CloudTarget;
  /** Profiles to evaluate instead of the realm's `compliance` (baseline is always added). */
  readonly profiles?: readonly ProfileName[];
  readonly now?: Date;
  readonly ruleIds?: ReadonlySet<string>;
}

export function isProfile(name: string): name is ProfileName {
  return (PROFILES as readonly string[]).includes(name);
}

/** baseline plus the named profiles, ignoring names that are not profiles. */
export function selectProfiles(names: readonly string[]): Set<ProfileName> {
  return new Set<ProfileName>(["baseline", ...names.filter(isProfile)]);
}

/**
 * What rules know about a stack. With a realm model the facts come from the inventory;
 * without one (a file passed alone) they come from the stack's own tags/labels, which
 * Realmkit writes on every stack (`tier`, `residency`, `compliance`).
 */
export function ruleContext(stack: StackView, options: ContextOptions = {}): RuleContext {
  const { realm, target } = options;
  const now = options.now ?? new Date();
  const ruleIds = options.ruleIds ?? new Set<string>();
  if (realm) {
    const chosen = target ?? realm.targets.find((t) => t.stackId === stack.stackId) ?? realm.targets[0];
    const all = chosen ? realmTags(realm.config, chosen) : undefined;
    const key = chosen ? providerProfiles[chosen.provider].tagKey : (k: string) => k;
    const expectedTags = all ? Object.fromEntries(MANDATORY_TAGS.map((t) => [key(t), all[key(t)]!])) : undefined;
    return {
      stack,
      realm,
      target: chosen,
      tier: realm.config.tier,
      residency: realm.config.residency,
      realmSource: "inventory",
      expectedTags,
      profiles: selectProfiles(options.profiles ?? realm.config.compliance),
      now,
      ruleIds,
    };
  }
  const tags = stackTags(stack);
  const tier = TIERS.find((t) => t === tags.tier);
  const residency = tags.residency && isKnownResidency(tags.residency) ? tags.residency : undefined;
  const compliance = tags.compliance && tags.compliance !== "none" ? tags.compliance.split(/[-_,]/) : [];
  return {
    stack,
    tier,
    residency,
    realmSource: tags.realm ? "stack" : "none",
    profiles: selectProfiles(options.profiles ?? compliance),
    now,
    ruleIds,
  };
}
