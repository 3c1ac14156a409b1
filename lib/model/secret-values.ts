import { RealmkitError } from "../config/errors";
import type { ResolvedRealm } from "../config/load";
import { locate } from "../config/merge";
import { childPointer, pointerToDotted, type Pointer } from "../config/pointer";
import { collectStrings, findSecrets, worthScanning, type Candidate } from "../secrets/detect";

/** RK-CONFIG-SERVICE-URL already reports (and masks) credentials in a service URL. */
const SERVICE_URL = /^\/services\/[^/]+\/url$/;

/**
 * Realm values that are secrets. Realm files are committed, layered, synthesized into stacks and
 * printed by several commands, so a credential in one is refused at validation, before anything
 * else can show or ship it. Every string of the merged configuration (defaults and layers
 * included, each at the line that set it) is judged in one detector pass.
 */
export function checkRealmSecrets(realm: ResolvedRealm): RealmkitError[] {
  const candidates: Candidate[] = [];
  const pointers: Pointer[] = [];
  collectStrings(realm.config, (path, key, value) => {
    if (!worthScanning(key, value)) return;
    candidates.push({ key, value });
    pointers.push(path.reduce<Pointer>((p, step) => childPointer(p, step), ""));
  });
  const problems: RealmkitError[] = [];
  const reported = new Set<Pointer>();
  for (const hit of findSecrets(candidates)) {
    const pointer = pointers[hit.index]!;
    if (reported.has(pointer) || (SERVICE_URL.test(pointer) && /URL/.test(hit.what))) continue;
    reported.add(pointer);
    const where = pointerToDotted(pointer);
    problems.push(
      new RealmkitError(
        "RK-CONFIG-SECRET",
        `\`${where}\` holds ${hit.what}; realm files are committed, synthesized into stacks and printed, so they never hold credentials`,
        {
          location: locate(realm.provenance, pointer),
          realm: realm.id,
          value: "****",
          fix: "remove the value: for a service, set `secret: true` and store the credential in its secret; otherwise keep it in the cloud's secret manager and name the secret (e.g. its ARN) instead",
        },
      ),
    );
  }
  return problems;
}
