/** Reading `terraform show -json PLANFILE` output: counts, destructive changes, stable snapshots. */
import { classifyChanges, type ChangeEffects } from "./change-effect";

export type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface PlanResourceChange {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly provider_name: string;
  readonly change: {
    readonly actions: readonly PlanAction[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly after_sensitive?: unknown;
  };
}

export interface PlanJson {
  readonly format_version?: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly PlanResourceChange[];
  readonly output_changes?: Readonly<
    Record<string, { actions: readonly PlanAction[]; after?: unknown; after_unknown?: unknown; after_sensitive?: unknown }>
  >;
  readonly [key: string]: unknown;
}

export interface PlanSummary {
  /** Counted like terraform's own "Plan: X to add, Y to change, Z to destroy": a replacement is one add and one destroy. */
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Addresses of resources this plan deletes, replacements marked `(replace)`. */
  readonly destructive: readonly string[];
  /** Each change's effect on the running realm: no interruption, restart, replacement of a serving resource. */
  readonly effects: ChangeEffects;
}

const isReplace = (a: readonly PlanAction[]) => a.includes("delete") && a.includes("create");

export function summarizePlan(plan: PlanJson): PlanSummary {
  let add = 0;
  let change = 0;
  let destroy = 0;
  const destructive: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    const actions = rc.change.actions;
    if (actions.includes("create")) add++;
    if (actions.includes("update")) change++;
    if (actions.includes("delete")) {
      destroy++;
      destructive.push(isReplace(actions) ? `${rc.address} (replace)` : rc.address);
    }
  }
  return { add, change, destroy, destructive: destructive.sort(), effects: classifyChanges(plan.resource_changes ?? []) };
}

export const UNKNOWN = "(known after apply)";
export const SENSITIVE = "(sensitive)";

/**
 * Overlays terraform's `after_unknown` / `after_sensitive` markers on `after`, so a snapshot
 * shows `(known after apply)` where a value is computed, the same way `terraform plan` prints it.
 */
export function mergeUnknown(after: unknown, unknown: unknown, sensitive: unknown): unknown {
  if (sensitive === true) return SENSITIVE;
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(after) || Array.isArray(unknown)) {
    const a = Array.isArray(after) ? after : [];
    const u = Array.isArray(unknown) ? unknown : [];
    const s = Array.isArray(sensitive) ? sensitive : [];
    return Array.from({ length: Math.max(a.length, u.length) }, (_, i) => mergeUnknown(a[i], u[i], s[i]));
  }
  if (isObject(after) || isObject(unknown)) {
    const a = isObject(after) ? after : {};
    const u = isObject(unknown) ? unknown : {};
    const s = isObject(sensitive) ? sensitive : {};
    const keys = new Set([...Object.keys(a), ...Object.keys(u)]);
    return Object.fromEntries([...keys].map((k) => [k, mergeUnknown(a[k], u[k], s[k])]));
  }
  return after;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export interface NormaliseOptions {
  /** Absolute paths to replace by a placeholder, e.g. `{ "/tmp/x/stacks/realm-us2": "<stack>" }`. */
  readonly paths?: Readonly<Record<string, string>>;
}

/**
 * A plan as a stable, reviewable document: per resource its address, actions and planned
 * values with computed values as `(known after apply)`; keys sorted; null attributes (unset
 * optional arguments) dropped; no terraform version, timestamps, prior state or absolute paths.
 */
export function normalisePlan(plan: PlanJson, options: NormaliseOptions = {}): unknown {
  const replacePaths = (s: string) => Object.entries(options.paths ?? {}).reduce((acc, [from, to]) => acc.split(from).join(to), s);
  const clean = (v: unknown): unknown => {
    if (typeof v === "string") return replacePaths(v);
    if (Array.isArray(v)) return v.map(clean);
    if (isObject(v)) {
      const entries = Object.keys(v)
        .sort()
        .filter((k) => v[k] !== null)
        .map((k) => [k, clean(v[k])]);
      return Object.fromEntries(entries);
    }
    return v;
  };
  const resources = [...(plan.resource_changes ?? [])]
    .sort((a, b) => a.address.localeCompare(b.address))
    .map((rc) => ({
      address: rc.address,
      actions: rc.change.actions,
      provider: rc.provider_name,
      after: mergeUnknown(rc.change.after, rc.change.after_unknown, rc.change.after_sensitive),
    }));
  const outputs = Object.fromEntries(
    Object.entries(plan.output_changes ?? {}).map(([name, oc]) => [
      name,
      { actions: oc.actions, after: mergeUnknown(oc.after, oc.after_unknown, oc.after_sensitive) },
    ]),
  );
  return clean({ format_version: plan.format_version, resource_changes: resources, output_changes: outputs });
}
