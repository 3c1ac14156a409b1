import { RealmkitErrors, type RealmkitError } from "../config/errors";
import { loadRealms } from "../config/load";
import type { RealmLoadCache } from "../config/load-cache";
import { checkInventory, checkRealmConfig } from "./checks";
import { checkSuppressions } from "./suppression-checks";
import { fileRecency } from "./recency";
import type { ResolvedRealm } from "../config/load";
import type { RealmDirectory } from "./places";
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
 * cache, unchanged realm files skip parsing and layering, and the configuration checks a
 * filed realm passed before (they read nothing but it and the code the key covers); the
 * suppression expiry (today's date) and the cross-realm checks always run.
 */
export function inspectInventory(dir: string, only?: readonly string[], cache?: RealmLoadCache): InventoryResult {
  const configFailed = new Set<string>();
  const loaded = loadRealms(dir, only, cache, (realm) => {
    const problems = checkRealmConfig(realm);
    if (problems.length > 0) configFailed.add(realm.id);
    return problems;
  });
  const errors: RealmkitError[] = [...loaded.errors];
  const valid = loaded.realms.filter((realm) => {
    const problems = checkSuppressions(realm);
    errors.push(...problems);
    return problems.length === 0 && !configFailed.has(realm.id);
  });
  errors.push(...checkInventory(valid, fileRecency()));
  const failed = new Set(errors.map((e) => e.realm));
  const peers = realmDirectory(dir, loaded.realms, only !== undefined);
  const realms = valid.filter((r) => !failed.has(r.id)).map((r) => buildModel(r, peers));
  return { inventory: { dir, realms, warnings: loaded.warnings }, errors };
}

/**
 * Where each realm of the inventory runs, by id (a null-prototype map: ids are user input).
 * When only some realms were loaded, another realm a flow names is loaded on first use.
 */
function realmDirectory(dir: string, loaded: readonly ResolvedRealm[], partial: boolean): RealmDirectory {
  const known = new Map<string, { provider: RealmModel["config"]["clouds"][number]["provider"]; region: string } | undefined>();
  for (const r of loaded) {
    const primary = r.config.clouds[0];
    known.set(r.id, primary && { provider: primary.provider, region: primary.region });
  }
  return (id) => {
    if (!known.has(id) && partial) {
      const primary = loadRealms(dir, [id]).realms[0]?.config.clouds[0];
      known.set(id, primary && { provider: primary.provider, region: primary.region });
    }
    return known.get(id);
  };
}

/** Like inspectInventory, but any problem throws every problem found at once. */
export function loadInventory(dir: string, only?: readonly string[], cache?: RealmLoadCache): Inventory {
  const { inventory, errors } = inspectInventory(dir, only, cache);
  if (errors.length > 0) throw new RealmkitErrors(errors);
  return inventory;
}
