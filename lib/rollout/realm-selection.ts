import { closest } from "fastest-levenshtein";
import { RealmkitError } from "../config/errors";
import type { Inventory } from "../model/inventory";
import type { RealmModel } from "../model/realm-model";
import { nearestWaveHint } from "./waves";

export interface RealmSelection {
  /** Realm ids a person named; empty or absent means every realm. */
  readonly ids?: readonly string[];
  /** Only the realms of this rollout wave. */
  readonly wave?: number;
}

/**
 * The realms a health check or a wave gate judges, in inventory order: the named ones (an
 * unknown id is an error with a did-you-mean) within the wave. Nothing selected is an error
 * too, naming the waves there are: a typo must never pass as a healthy, empty verdict.
 */
export function selectRealms(inventory: Inventory, selection: RealmSelection = {}): RealmModel[] {
  const ids = selection.ids ?? [];
  const known = inventory.realms.map((r) => r.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      throw new RealmkitError(
        "RK-CLI-UNKNOWN-REALM",
        `no realm \`${id}\` in ${inventory.dir}${known.length ? `. did you mean \`${closest(id, known)}\`?` : ""}`,
        { value: id, fix: `name a realm of the inventory: ${known.join(", ")}` },
      );
    }
  }
  const { wave } = selection;
  const chosen = inventory.realms.filter((r) => (ids.length === 0 || ids.includes(r.id)) && (wave === undefined || r.config.wave === wave));
  if (chosen.length === 0) {
    const where = wave !== undefined ? ` in wave ${wave}` : "";
    const among = ids.length ? ` among ${ids.join(", ")}` : "";
    throw new RealmkitError(
      "RK-ROLLOUT-EMPTY-WAVE",
      `no realm is${where || " selected"}${among}.${wave !== undefined ? nearestWaveHint(inventory, wave) : ""}`,
      { value: wave, fix: "run `realmkit rollout` to see the waves" },
    );
  }
  return chosen;
}

/** The inventory's models of these realm ids; an id it does not hold maps to undefined. */
export function realmsById(inventory: Inventory, ids: readonly string[]): (RealmModel | undefined)[] {
  const byId = new Map(inventory.realms.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}
