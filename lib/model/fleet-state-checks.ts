import { basename } from "node:path";
import type { ResolvedRealm } from "../config/load";
import { DEFAULTS_FILE } from "../config/load";
import { RealmkitError } from "../config/errors";
import { isWithin, pointerToDotted } from "../config/pointer";

/** Where the fleet stack's state is configured: one setting for the whole inventory. */
export const FLEET_STATE_POINTER = "/observability/fleetState";

/**
 * `observability.fleetState` names the one state of the one fleet-observability stack, so a
 * layer or realm file that sets, changes or removes any part of it would give the stack a
 * different state depending on which realm is read. Only _defaults.yaml may set it; each value
 * set elsewhere is reported at the line that sets it.
 */
export function checkFleetState(realm: ResolvedRealm): RealmkitError[] {
  const problems: RealmkitError[] = [];
  for (const [pointer, location] of realm.provenance) {
    if (!isWithin(pointer, FLEET_STATE_POINTER) || basename(location.file) === DEFAULTS_FILE) continue;
    const what = realm.removed.has(pointer) ? "removed" : "set";
    problems.push(
      new RealmkitError(
        "RK-CONFIG-FLEET-STATE",
        `\`${pointerToDotted(pointer)}\` is ${what} in ${basename(location.file)}; the fleet-observability stack has one state for the whole inventory, so only ${DEFAULTS_FILE} may set it`,
        {
          location,
          realm: realm.id,
          fix: `remove it from ${basename(location.file)} and keep observability.fleetState in ${DEFAULTS_FILE} alone`,
        },
      ),
    );
  }
  return problems;
}
