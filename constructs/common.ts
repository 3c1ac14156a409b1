import type { Tier } from "../lib/config/types";

/** What every realm component knows about the realm it belongs to. */
export interface RealmScopeProps {
  /** Realm id, e.g. `us2`; names derive from it through `resourceName`. */
  readonly realm: string;
  /** Drives protection and redundancy defaults: prod gets the strictest. */
  readonly tier: Tier;
}

/** Whether a tier keeps stateful data protected from deletion (deletion protection, prevent_destroy). */
export function protectsData(tier: Tier): boolean {
  return tier !== "dev";
}
