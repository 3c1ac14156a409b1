import type { Inventory } from "../model/inventory";
import { matrixEntry, type StackMatrixEntry } from "./matrix";
import { selectStacks } from "./select";
import { rolloutWaves } from "./waves";

/** The stacks one pipeline run acts on, per wave, each once per identity purpose. */
export interface RunSelection {
  /** Every selected stack, with plan identities: the pull-request plan matrix. */
  readonly plan: { readonly include: readonly StackMatrixEntry[] };
  readonly waves: readonly {
    readonly wave: number;
    /** Plan and verify jobs of the wave: plan identities only. */
    readonly plan: { readonly include: readonly StackMatrixEntry[] };
    /** Apply jobs of the wave: deploy identities. */
    readonly deploy: { readonly include: readonly StackMatrixEntry[] };
  }[];
  readonly count: number;
}

export interface RunScope {
  /** Only these realms (the changed ones, or the named ones); undefined is every realm. */
  readonly realms?: ReadonlySet<string>;
  /** Realm or stack ids a person named (workflow_dispatch). Unknown ones are an error. */
  readonly selectors?: readonly string[];
  readonly wave?: number;
}

/**
 * What a CI run plans and applies, wave by wave: the generated workflow's check job prints it
 * (`realmkit select --json`) and each wave's jobs fan out over their part. Every wave of the
 * inventory is listed, an empty one too, so the workflow's outputs always exist.
 */
export function runSelection(inventory: Inventory, scope: RunScope = {}): RunSelection {
  const chosen = selectStacks(inventory, { selectors: scope.selectors, wave: scope.wave, realms: scope.realms });
  const ids = new Set(chosen.map((s) => s.target.stackId));
  const entries = (purpose: "plan" | "deploy", wave?: number) =>
    chosen.filter((s) => wave === undefined || s.realm.config.wave === wave).map((s) => matrixEntry(s.realm, s.target, purpose));
  return {
    plan: { include: entries("plan") },
    waves: rolloutWaves(inventory).map((w) => ({
      wave: w.wave,
      plan: { include: entries("plan", w.wave) },
      deploy: { include: entries("deploy", w.wave) },
    })),
    count: ids.size,
  };
}
