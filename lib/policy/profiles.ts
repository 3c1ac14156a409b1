import baseline from "./data/profiles/baseline.json";
import gdpr from "./data/profiles/gdpr.json";
import hipaa from "./data/profiles/hipaa.json";
import pci from "./data/profiles/pci.json";
import soc2 from "./data/profiles/soc2.json";
import { PROFILES, type ProfileName } from "./types";

/**
 * A compliance profile as its data file holds it: which rules it includes and, for each, the
 * controls of the framework the rule serves (SOC 2 criteria, HIPAA safeguards, PCI DSS
 * requirements, GDPR articles). Membership lives here, with the profile, not in the rules, so a
 * compliance reviewer edits one file per framework and a rule never claims a framework itself.
 */
export interface ProfileData {
  readonly profile: ProfileName;
  readonly title: string;
  readonly framework: string;
  readonly source?: string;
  readonly rules: Readonly<Record<string, readonly string[]>>;
}

const DATA: Readonly<Record<ProfileName, ProfileData>> = {
  baseline: baseline as ProfileData,
  soc2: soc2 as ProfileData,
  hipaa: hipaa as ProfileData,
  gdpr: gdpr as ProfileData,
  pci: pci as ProfileData,
};

export const PROFILE_DATA: readonly ProfileData[] = PROFILES.map((p) => DATA[p]);

/** The controls each profile maps a rule to; a profile that includes the rule maps at least `[]`. */
export type RuleControls = Readonly<Partial<Record<ProfileName, readonly string[]>>>;

export function controlsOf(ruleId: string): RuleControls {
  const out: Partial<Record<ProfileName, readonly string[]>> = {};
  for (const p of PROFILE_DATA) if (Object.hasOwn(p.rules, ruleId)) out[p.profile] = p.rules[ruleId]!;
  return out;
}

/** The profiles that include a rule, in PROFILES order. */
export function profilesOf(ruleId: string): ProfileName[] {
  return PROFILE_DATA.filter((p) => Object.hasOwn(p.rules, ruleId)).map((p) => p.profile);
}

/** `soc2 CC6.1; hipaa §164.312(a)(2)(iv)`: the controls a rule serves, for tables. */
export function describeControls(controls: RuleControls): string[] {
  return PROFILES.filter((p) => (controls[p]?.length ?? 0) > 0).map((p) => `${DATA[p].title} ${controls[p]!.join(", ")}`);
}
