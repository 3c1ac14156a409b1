import { closest } from "fastest-levenshtein";
import { RealmkitError } from "../config/errors";
import type { Inventory } from "../model/inventory";
import type { CloudTarget, RealmModel } from "../model/realm-model";

/** One realm/provider pair chosen for a plan or an apply. */
export interface SelectedStack {
  readonly realm: RealmModel;
  readonly target: CloudTarget;
}

export interface Selection {
  /** Realm ids (`us2`) or stack ids (`realm-us2-gcp`); empty means every realm. */
  readonly selectors?: readonly string[];
  /** Only realms of this rollout wave. */
  readonly wave?: number;
  /** Only these realm ids (e.g. the realms a change touches). */
  readonly realms?: ReadonlySet<string>;
}

/**
 * The stacks matching every given criterion, in inventory order. Unknown selectors are an
 * error with a did-you-mean, so a typo never plans or applies nothing silently.
 */
export function selectStacks(inventory: Inventory, selection: Selection = {}): SelectedStack[] {
  const all = inventory.realms.flatMap((realm) => realm.targets.map((target) => ({ realm, target })));
  const selectors = selection.selectors ?? [];
  const known = [...new Set(all.flatMap((s) => [s.realm.id, s.target.stackId]))];
  const unknown = selectors.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new RealmkitError(
      "RK-ROLLOUT-UNKNOWN-REALM",
      `unknown realm or stack ${unknown.map((u) => `\`${u}\``).join(", ")} in ${inventory.dir}`,
      {
        value: unknown,
        fix: `use a realm id or stack id from \`realmkit list\`${known.length ? ` (did you mean \`${closest(unknown[0]!, known)}\`?)` : ""}`,
      },
    );
  }
  return all.filter(
    (s) =>
      (selectors.length === 0 || selectors.includes(s.realm.id) || selectors.includes(s.target.stackId)) &&
      (selection.wave === undefined || s.realm.config.wave === selection.wave) &&
      (selection.realms === undefined || selection.realms.has(s.realm.id)),
  );
}

/** The inventory reduced to the realms (and, per realm, the stacks) that were selected. */
export function selectedInventory(inventory: Inventory, stacks: readonly SelectedStack[]): Inventory {
  const ids = new Set(stacks.map((s) => s.target.stackId));
  const realms = inventory.realms
    .filter((r) => r.targets.some((t) => ids.has(t.stackId)))
    .map((r) => ({ ...r, targets: r.targets.filter((t) => ids.has(t.stackId)) }));
  return { dir: inventory.dir, realms };
}
