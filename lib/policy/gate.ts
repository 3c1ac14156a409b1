import type { Inventory } from "../model/inventory";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { evaluate, type EvaluateOptions, type PolicyResult, type StackInput } from "./engine";
import { readStackFile, stackView } from "./view/load";
import type { StackView } from "./view/types";

/** A synthesized stack file and the realm/provider pair it was built for. */
export interface StackFile {
  readonly stackId: string;
  readonly file: string;
  /** The file's parsed content, when the caller has read it already. */
  readonly json?: Record<string, unknown>;
}

/** Finds the realm and target a stack id belongs to. */
export function targetOf(inventory: Inventory, stackId: string): { realm: RealmModel; target: CloudTarget } | undefined {
  for (const realm of inventory.realms) {
    const target = realm.targets.find((t) => t.stackId === stackId);
    if (target) return { realm, target };
  }
  return undefined;
}

/** Binds stack views to the inventory by their cdktf stack name (`realm-us2`). */
export function inputsFor(views: readonly StackView[], inventory?: Inventory): StackInput[] {
  return views.map((view) => {
    const match = inventory && view.stackId ? targetOf(inventory, view.stackId) : undefined;
    return match ? { view, realm: match.realm, target: match.target } : { view };
  });
}

/**
 * Evaluates synthesized stacks against the realms they were built from: what every synth
 * (`cdktf synth`, `realmkit synth`) runs before it lets the output stand.
 */
export function evaluateStackFiles(inventory: Inventory, stacks: readonly StackFile[], options: EvaluateOptions = {}): PolicyResult {
  const inputs = stacks.map((s): StackInput => {
    const view = s.json ? stackView(s.json, s.file) : readStackFile(s.file);
    const match = targetOf(inventory, s.stackId);
    return match ? { view: { ...view, stackId: view.stackId ?? s.stackId }, realm: match.realm, target: match.target } : { view };
  });
  return evaluate(inputs, options);
}
