import { basename } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { ResolvedRealm } from "../config/load";
import { DEFAULTS_FILE } from "../config/load";
import { RealmkitError } from "../config/errors";
import { locate } from "../config/merge";
import { isWithin, pointerToDotted } from "../config/pointer";
import { destinationOf } from "./aggregator-sites";

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

/**
 * The realms of the fleet stack (those with an aggregator) whose `observability.fleetState`
 * is not the first one's. The line check above cannot see one case: a file that replaces
 * `observability` whole (`!replace`) drops the inherited setting for its realms only.
 */
export function checkFleetStateAgreement(realms: readonly ResolvedRealm[]): RealmkitError[] {
  const inFleet = realms.filter((r) => destinationOf(r.config) !== undefined);
  // All alike: nothing to report, and no provenance read. Provenance holds absolute file paths,
  // and the fleet stack (read-traced for its cache entry) runs this check: reading it would tie
  // that entry to the inventory's folder, so a revision unpacked elsewhere would never hit.
  const any = inFleet[0]?.config.observability?.fleetState;
  if (inFleet.every((r) => isDeepStrictEqual(r.config.observability?.fleetState, any))) return [];
  // The reference is the realm that has it from _defaults.yaml (a realm that replaced it is the odd one).
  const fromDefaults = (r: ResolvedRealm) => basename(locate(r.provenance, FLEET_STATE_POINTER)?.file ?? "") === DEFAULTS_FILE;
  const first =
    inFleet.find((r) => r.config.observability?.fleetState && fromDefaults(r)) ?? inFleet.find((r) => r.config.observability?.fleetState);
  if (!first) return [];
  const state = first.config.observability!.fleetState;
  return inFleet
    .filter((r) => r !== first && !isDeepStrictEqual(r.config.observability?.fleetState, state))
    .map(
      (realm) =>
        new RealmkitError(
          "RK-CONFIG-FLEET-STATE",
          `${realm.config.observability?.fleetState ? `realm ${realm.id}'s \`observability.fleetState\` differs from realm ${first.id}'s` : `realm ${realm.id} has no \`observability.fleetState\` while realm ${first.id} has one`}; the fleet-observability stack has one state for the whole inventory`,
          {
            realm: realm.id,
            location: locate(realm.provenance, FLEET_STATE_POINTER) ?? locate(realm.provenance, "/observability"),
            fix: `set observability.fleetState in ${DEFAULTS_FILE} only, and keep it when a layer or realm file replaces \`observability\``,
          },
        ),
    );
}
