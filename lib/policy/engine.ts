import type { CloudTarget, RealmModel } from "../model/realm-model";
import { ruleContext } from "./context";
import { mayBeUnevaluable, watched } from "./evaluable";
import { ALL_RULES } from "./rules";
import { applySuppressions } from "./suppressions";
import type { AddressedResult, CheckResult, Finding, ProfileName, ResourceRule, Rule, RuleContext } from "./types";
import type { ResourceView, StackView } from "./view/types";
import { STACK_FILE } from "../terraform/json";

/** One stack to evaluate, with its realm when it came from (or was matched to) the inventory. */
export interface StackInput {
  readonly view: StackView;
  readonly realm?: RealmModel;
  readonly target?: CloudTarget;
}

export interface EvaluateOptions {
  /** Evaluate these profiles instead of each realm's `compliance` (baseline always applies). */
  readonly profiles?: readonly ProfileName[];
  readonly now?: Date;
  /** The rule set; defaults to every rule Realmkit ships. */
  readonly rules?: readonly Rule[];
}

export interface StackSummary {
  readonly stackId: string;
  readonly realm?: string;
  readonly file?: string;
  readonly format: StackView["format"];
  readonly profiles: readonly ProfileName[];
  /** Where realm facts came from: the inventory, the stack's own tags, or nowhere. */
  readonly realmSource: RuleContext["realmSource"];
}

export interface PolicyResult {
  readonly stacks: readonly StackSummary[];
  readonly findings: readonly Finding[];
  /** The rules that were evaluated (for SARIF rule metadata). */
  readonly rules: readonly Rule[];
}

/** The stack's id: cdktf's stack name, else the file's folder or name. */
export function stackIdOf(view: StackView, target?: CloudTarget): string {
  if (target) return target.stackId;
  if (view.stackId) return view.stackId;
  if (!view.file) return "stack";
  const parts = view.file.split(/[\\/]/);
  const name = parts.pop()!;
  return name === STACK_FILE && parts.length ? parts.pop()! : name.replace(/\.json$/, "");
}

function applies(rule: Rule, ctx: RuleContext): boolean {
  return rule.profiles.some((p) => ctx.profiles.has(p));
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

function attempt<T>(run: () => T): Outcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

/**
 * The stack's resources of some types, in stack order. Rules name a few types each and a stack
 * has a few dozen types: testing every resource against every rule took a sixth of the time.
 */
function resourcesByType(resources: StackView["resources"]): (types: readonly string[]) => StackView["resources"] {
  const byType = new Map<string, Array<StackView["resources"][number]>>();
  for (const r of resources) {
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  }
  return (types) => {
    if (types.length === 1) return byType.get(types[0]!) ?? [];
    const wanted = new Set(types);
    return resources.filter((r) => wanted.has(r.type));
  };
}

const crashed = (error: string) => ({ status: "error" as const, reason: `the rule crashed: ${error}` });

const unreadableVerdict = (reason: string) => ({ status: "error" as const, reason: `cannot read the block: ${reason}` });

type Verdict = CheckResult | { status: "error"; reason: string };

/**
 * Runs a resource rule. Resources whose values hold `dynamic` blocks or unresolved expressions
 * run behind a watch: a pass (or not-applicable) that rests on such a value becomes a rule
 * error "cannot evaluate", naming the value, because the rule never saw what Terraform will.
 */
function judgeResource(rule: ResourceRule, resource: ResourceView, ctx: RuleContext, open: boolean): Verdict {
  if (!open) {
    const outcome = attempt(() => rule.check(resource, ctx));
    return outcome.ok ? outcome.value : crashed(outcome.error);
  }
  const watch = watched(resource);
  const outcome = attempt(() => rule.check(watch.resource, ctx));
  if (!outcome.ok) return crashed(outcome.error);
  const notes = watch.notes();
  if (outcome.value.status === "fail" || notes.length === 0) return outcome.value;
  return { status: "error", reason: `cannot evaluate: ${notes.join("; ")}` };
}

/**
 * Runs every applicable rule over every stack. A rule that throws becomes an `error` finding
 * for that rule and address (and the run fails), never a crash of the whole evaluation.
 */
export function evaluate(inputs: readonly StackInput[], options: EvaluateOptions = {}): PolicyResult {
  const rules = options.rules ?? ALL_RULES;
  const now = options.now ?? new Date();
  const findings: Finding[] = [];
  const stacks: StackSummary[] = [];
  const realmsDone = new Set<string>();
  // Suppressions may name any shipped rule, even when a caller evaluates a subset.
  const ruleIds = new Set([...ALL_RULES, ...rules].map((r) => r.id));

  for (const input of inputs) {
    const ctx = ruleContext(input.view, { realm: input.realm, target: input.target, profiles: options.profiles, now, ruleIds });
    const stackId = stackIdOf(input.view, ctx.target);
    const realmId = input.realm?.id;
    stacks.push({
      stackId,
      realm: input.realm?.id,
      file: input.view.file,
      format: input.view.format,
      profiles: [...ctx.profiles],
      realmSource: ctx.realmSource,
    });

    const stackFindings: Finding[] = [];
    const constructPaths = new Map<string, string | undefined>();
    for (const r of input.view.resources) if (!constructPaths.has(r.address)) constructPaths.set(r.address, r.constructPath);
    const ofTypes = resourcesByType(input.view.resources);
    const open = new Map<ResourceView, boolean>();
    const isOpen = (r: ResourceView): boolean => {
      let v = open.get(r);
      if (v === undefined) open.set(r, (v = mayBeUnevaluable(r.values)));
      return v;
    };
    const unreadable = input.view.unreadable ?? [];
    const record = (rule: Rule, address: string, result: Verdict, extra: Partial<Finding> = {}): void => {
      stackFindings.push({
        ruleId: rule.id,
        title: rule.title,
        severity: rule.severity,
        status: result.status,
        reason: result.reason,
        fix: rule.fix,
        stackId,
        realm: realmId,
        address,
        file: input.view.file,
        ...extra,
      });
    };

    for (const rule of rules) {
      if (!applies(rule, ctx)) continue;
      if (rule.scope === "resource") {
        for (const resource of ofTypes(rule.resourceTypes)) {
          record(rule, resource.address, judgeResource(rule, resource, ctx, isOpen(resource)), { constructPath: resource.constructPath });
        }
        for (const u of unreadable) if (u.type && rule.resourceTypes.includes(u.type)) record(rule, u.address, unreadableVerdict(u.reason));
      } else {
        if (rule.readsEveryBlock) for (const u of unreadable) record(rule, u.address, unreadableVerdict(u.reason));
        if (rule.perRealm && input.realm) {
          if (realmsDone.has(`${rule.id}|${input.realm.id}`)) continue;
          realmsDone.add(`${rule.id}|${input.realm.id}`);
        }
        const outcome = attempt<readonly AddressedResult[]>(() => rule.check(input.view, ctx));
        if (!outcome.ok) {
          record(rule, "(stack)", crashed(outcome.error));
          continue;
        }
        for (const r of outcome.value) record(rule, r.address, r, { location: r.location, constructPath: constructPaths.get(r.address) });
      }
    }
    findings.push(...applySuppressions(stackFindings, input.realm, now));
  }
  return { stacks, findings, rules };
}
