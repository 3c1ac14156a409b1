import { RealmkitErrors, type RealmkitError } from "../config/errors";
import { loadRealms } from "../config/load";
import type { RealmLoadCache } from "../config/load-cache";
import { checkInventory, checkRealm } from "./checks";
import { buildModel, type RealmModel } from "./realm-model";

export interface Inventory {
  readonly dir: string;
  readonly realms: readonly RealmModel[];
  /** Files the inventory ignores, named so a misnamed realm file does not vanish unnoticed. */
  readonly warnings?: readonly string[];
}

export interface InventoryResult {
  readonly inventory: Inventory;
  readonly errors: readonly RealmkitError[];
}

/**
 * Loads every realm of `dir`, runs all checks, and models the realms that passed. With a
 * cache, unchanged realm files skip parsing and layering; the checks always run.
 */
export function inspectInventory(dir: string, only?: readonly string[], cache?: RealmLoadCache): InventoryResult {
  const loaded = loadRealms(dir, only, cache);
  const errors: RealmkitError[] = [...loaded.errors];
  const valid = loaded.realms.filter((realm) => {
    const problems = checkRealm(realm);
    errors.push(...problems);
    return problems.length === 0;
  });
  errors.push(...checkInventory(valid));
  const failed = new Set(errors.map((e) => e.realm));
  const realms = valid.filter((r) => !failed.has(r.id)).map(buildModel);
  return { inventory: { dir, realms, warnings: loaded.warnings }, errors };
}

/** Like inspectInventory, but any problem throws every problem found at once. */
export function loadInventory(dir: string, only?: readonly string[], cache?: RealmLoadCache): Inventory {
  const { inventory, errors } = inspectInventory(dir, only, cache);
  if (errors.length > 0) throw new RealmkitErrors(errors);
  return inventory;
}
