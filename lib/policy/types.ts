import type { SourceLocation } from "../config/errors";
import type { Provider, Tier } from "../config/types";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import type { ResourceView, StackView } from "./view/types";

/** Compliance profiles: `baseline` always applies; a realm's `compliance` adds the others. */
export const PROFILES = ["baseline", "soc2", "hipaa", "gdpr", "pci"] as const;
export type ProfileName = (typeof PROFILES)[number];

export type Severity = "critical" | "high" | "medium" | "low";

export type CheckResult =
  | { readonly status: "pass"; readonly reason?: string }
  | { readonly status: "fail"; readonly reason: string }
  | { readonly status: "not-applicable"; readonly reason: string }
  /** The verdict depends on a value the configuration leaves open: a rule error, never a pass. */
  | { readonly status: "error"; readonly reason: string };

export const pass = (reason?: string): CheckResult => ({ status: "pass", reason });
export const fail = (reason: string): CheckResult => ({ status: "fail", reason });
export const notApplicable = (reason: string): CheckResult => ({ status: "not-applicable", reason });
export const cannotEvaluate = (reason: string): CheckResult => ({ status: "error", reason: `cannot evaluate: ${reason}` });

/** Fails with every problem found, or passes. */
export function failIfAny(problems: readonly string[], passReason?: string): CheckResult {
  return problems.length ? fail(problems.join("; ")) : pass(passReason);
}

/** Where a realm fact used by the rules came from. */
export type RealmSource = "inventory" | "stack" | "none";

/** What a rule knows besides the resource: the stack, and the realm when there is one. */
export interface RuleContext {
  readonly stack: StackView;
  /** The realm model, when the stack was built from (or matched to) the inventory. */
  readonly realm?: RealmModel;
  readonly target?: CloudTarget;
  /** Tier, residency and tags: from the realm, else from the stack's own tags/labels. */
  readonly tier?: Tier;
  readonly residency?: string;
  readonly realmSource: RealmSource;
  /** Expected values of the mandatory tags (only when the realm is known). */
  readonly expectedTags?: Readonly<Record<string, string>>;
  readonly profiles: ReadonlySet<ProfileName>;
  /** Evaluation time: suppressions expire against it. */
  readonly now: Date;
  /** Ids of the rules in the evaluated rule set. */
  readonly ruleIds: ReadonlySet<string>;
}

/** A result of a stack-level check for one address (a resource, provider, backend, realm entry). */
export type AddressedResult = CheckResult & {
  readonly address: string;
  /** Source position (a realm file line) when the finding belongs to the realm, not the JSON. */
  readonly location?: SourceLocation;
};

export interface PublicIds {
  readonly checkov?: readonly string[];
  readonly trivy?: readonly string[];
  /**
   * Ids whose control tests something narrower or wider than this rule, with how it differs
   * ("server access logging only"); the catalogue prints them as `id (partial: ...)`.
   */
  readonly partial?: Readonly<Record<string, string>>;
}

/** The cross-references of a rule as the catalogue prints them, qualified where partial. */
export function describePublicIds(ids: PublicIds): string[] {
  return [...(ids.checkov ?? []), ...(ids.trivy ?? [])].map((id) => (ids.partial?.[id] ? `${id} (partial: ${ids.partial[id]})` : id));
}

/** What every rule states about itself (the catalogue, `realmkit policy --list`). */
export interface RuleInfo {
  /** `RK-<CLOUD>-<AREA>-<CONTROL>`; stable: suppressions and reports name it. */
  readonly id: string;
  readonly title: string;
  /** Why the control matters, in a sentence or two. */
  readonly description: string;
  readonly severity: Severity;
  /**
   * Profiles that include the rule; `baseline` means every realm. Shipped rules take it from
   * the profile data files (lib/policy/data/profiles/), never from the rule itself.
   */
  readonly profiles: readonly ProfileName[];
  /** The controls each including profile maps the rule to (from the profile data files). */
  readonly controls?: Readonly<Partial<Record<ProfileName, readonly string[]>>>;
  readonly provider: Provider | "any";
  readonly publicIds: PublicIds;
  /** How to fix a failure, in words a realm owner or construct author can act on. */
  readonly fix: string;
}

export interface ResourceRule extends RuleInfo {
  readonly scope: "resource";
  /** Terraform resource types checked. */
  readonly resourceTypes: readonly string[];
  /** How the catalogue names the checked resources when the type list is long. */
  readonly appliesTo?: string;
  check(resource: ResourceView, ctx: RuleContext): CheckResult;
}

export interface StackRule extends RuleInfo {
  readonly scope: "stack";
  /** What the rule reads, for the catalogue (e.g. "provider blocks, locations, backend"). */
  readonly reads: string;
  /** Realm-level rules (data flows, suppressions) run once per realm, not once per stack. */
  readonly perRealm?: boolean;
  /** Reads every block of the stack: a block the reader could not read is an error of this rule. */
  readonly readsEveryBlock?: boolean;
  check(stack: StackView, ctx: RuleContext): readonly AddressedResult[];
}

export type Rule = ResourceRule | StackRule;

/** What a rule file defines: membership comes from the profiles, unless a custom rule names it. */
type Definition<R extends Rule> = Omit<R, "scope" | "profiles"> & { readonly profiles?: readonly ProfileName[] };

export function defineResourceRule(rule: Definition<ResourceRule>): ResourceRule {
  return { scope: "resource", ...rule, profiles: rule.profiles ?? [] };
}

export function defineStackRule(rule: Definition<StackRule>): StackRule {
  return { scope: "stack", ...rule, profiles: rule.profiles ?? [] };
}

export type FindingStatus = "pass" | "fail" | "not-applicable" | "error";

export interface SuppressionInfo {
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
  readonly location?: SourceLocation;
}

/** One rule's verdict on one address of one stack. */
export interface Finding {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly reason?: string;
  readonly fix: string;
  readonly stackId: string;
  readonly realm?: string;
  readonly address: string;
  readonly constructPath?: string;
  /** The stack file (cdk.tf.json / plan.json) the finding is about. */
  readonly file?: string;
  /** A realm file position for findings about the realm (suppressions, data flows). */
  readonly location?: SourceLocation;
  readonly suppressed?: SuppressionInfo;
}

/** A failing (or crashed) check that no valid suppression covers: what makes a run fail. */
export function isViolation(f: Finding): boolean {
  return (f.status === "fail" || f.status === "error") && !f.suppressed;
}
