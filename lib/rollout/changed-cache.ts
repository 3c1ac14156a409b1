import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { codeFingerprint, outputEnvironment, runningPackageRoot } from "../cache/fingerprint";
import { keyOf } from "../cache/key";
import { RealmkitError, userErrors } from "../config/errors";
import { loadInventory, type Inventory } from "../model/inventory";
import type { RealmModel } from "../model/realm-model";
import type { StackOptions } from "../stacks/kit";
import type { SynthCache } from "../stacks/synth-cache";
import { synthEnv } from "./changed-app";
import { FLEET_STACK_ID, hasFleetStack } from "../observability/plan";
import { addHash, stackHash, type SideHashes, type StackHashes } from "./stack-hash";

/**
 * Where a stack's change-detection hash is filed, by the stack's cache key. Bump the name when
 * `stackHash` changes what it covers: old hashes are then never read.
 */
const HASHES = "hashes";
const HASH = /^[0-9a-f]{64}$/;

/** What the cdktf app synthesizes for change detection (lib/rollout/changed-app.ts sets the same). */
const APP_OPTIONS: StackOptions = { backend: "remote" };

/**
 * Whether the app of the tree at `root` would synthesize exactly what this process does: its
 * cdktf.json is byte for byte the running package's (so the app is Realmkit's own `bin/main.ts`)
 * and its code, project files, lockfile and stack-building packages have the running code's
 * fingerprint, the same fingerprint the synth cache trusts. Then the synth cache's entries
 * and hashes serve that tree, and no second process is needed. Anything else (an app of the
 * user's own, changed code, a CLI run from dist/) means no: that tree's app is run instead.
 */
export function runsSameCode(root: string, baseEnv: NodeJS.ProcessEnv): boolean {
  const own = join(runningPackageRoot(), "cdktf.json");
  const theirs = join(root, "cdktf.json");
  if (!existsSync(own) || !existsSync(theirs) || !readFileSync(own).equals(readFileSync(theirs))) return false;
  // Output-changing environment as the app would see it, against this process's own.
  if (JSON.stringify(outputEnvironment(synthEnv(baseEnv))) !== JSON.stringify(outputEnvironment(process.env))) return false;
  return codeFingerprint({ codeRoot: root, packageRoot: root }) === codeFingerprint();
}

export interface SideProgress {
  update(detail: string): void;
}

/**
 * The inventory at `realmsDir`, loaded as its app would (unchanged realm files from the load
 * cache). A problem is a failed synthesis of that side, named as the app path names it;
 * `shownRoot` rewrites the temp folder of an unpacked revision to the revision's name.
 */
export function loadSide(
  realmsDir: string,
  cache: SynthCache | undefined,
  label: string,
  shownRoot?: { root: string; as: string },
): Inventory {
  try {
    return loadInventory(realmsDir, undefined, cache?.realms);
  } catch (err) {
    const errors = userErrors(err);
    if (!errors) throw err;
    let text = errors.map((e) => e.format()).join("\n");
    if (shownRoot) text = text.split(`${shownRoot.root}/`).join(`${shownRoot.as}:`);
    throw new RealmkitError("RK-CHANGED-SYNTH", `synthesizing ${label} failed:\n${text}`, {
      value: label,
      fix: "fix the inventory of that revision, or compare against another revision",
    });
  }
}

/**
 * The stack hashes of `inventory` without writing its stacks: each stack's hash comes from
 * the synth cache (a hash filed earlier, or the cached document hashed once and filed), and
 * only realms with a stack the cache cannot answer are synthesized, into a temp folder under
 * `work`, and filed in turn. With one realm edited, that is one realm's synthesis. The fleet
 * stack comes from the cache too when the inventory answers its traced reads as before.
 */
export function cachedHashes(
  inventory: Inventory,
  cache: SynthCache | undefined,
  work: string,
  progress?: SideProgress,
): { hashes: SideHashes; synthesized: number } {
  const hashes: StackHashes = new Map();
  const stale: RealmModel[] = [];
  for (const realm of inventory.realms) {
    const found: [string, string][] = [];
    for (const target of realm.targets) {
      const key = cache?.stackKey(realm, target, APP_OPTIONS);
      const hash = cache && key ? filedHash(cache, key, target.stackId) : undefined;
      if (!hash) break;
      found.push([target.stackId, hash]);
    }
    if (found.length === realm.targets.length) for (const [stackId, hash] of found) addHash(hashes, realm.id, stackId, hash);
    else stale.push(realm);
  }
  const total = inventory.realms.reduce((n, r) => n + r.targets.length, 0);
  const fromCache = [...hashes.values()].reduce((n, s) => n + s.size, 0);
  let synthesized = 0;
  if (stale.length > 0) {
    progress?.update(`${fromCache}/${total} stacks from the cache, synthesizing ${stale.length} realm${stale.length === 1 ? "" : "s"}`);
    // cdktf loads only now: with every stack answered by the cache it never does.
    const { synthesizeStacks } = require("../stacks/synth") as typeof import("../stacks/synth");
    const { synthesizeIncrementally } = require("../stacks/incremental-synth") as typeof import("../stacks/incremental-synth");
    const out = mkdtempSync(join(work, "synth-"));
    const subset = { ...inventory, realms: stale };
    const built = cache ? synthesizeIncrementally(subset, APP_OPTIONS, out, { cache }) : synthesizeStacks(subset, APP_OPTIONS, out);
    for (const s of built) {
      const hash = stackHash(JSON.parse(readFileSync(s.file, "utf8")));
      addHash(hashes, s.realm, s.stackId, hash);
      const key = (s as { key?: string }).key;
      if (cache && key) cache.putDerived(HASHES, key, hash);
      synthesized++;
    }
  }
  const fleet = fleetHash(inventory, cache, work);
  return { hashes: { realms: hashes, ...(fleet ? { fleet } : {}) }, synthesized };
}

/**
 * The fleet stack's hash, as the app writes it beside the realm stacks; undefined without an
 * aggregator. A traced hit needs neither cdktf nor the aggregators' bindings (so it is looked
 * up here first; on a miss synthesizeFleetStack looks again, then builds and files it), and
 * its hash is filed under the document's digest.
 */
function fleetHash(inventory: Inventory, cache: SynthCache | undefined, work: string): string | undefined {
  if (!hasFleetStack(inventory)) return undefined;
  const key = cache?.inventoryKey(FLEET_STACK_ID, APP_OPTIONS);
  let document = key ? cache!.getTraced(key, FLEET_STACK_ID, inventory)?.document : undefined;
  if (!document) {
    const { synthesizeFleetStack } = require("../stacks/fleet-observability") as typeof import("../stacks/fleet-observability");
    document = readFileSync(synthesizeFleetStack(inventory, mkdtempSync(join(work, "fleet-")), APP_OPTIONS, cache)!.file);
  }
  const digest = keyOf(HASHES, FLEET_STACK_ID, createHash("sha256").update(document).digest("hex"));
  return derivedHash(cache, digest, () => document)!;
}

function filedHash(cache: SynthCache, key: string, stackId: string): string | undefined {
  return derivedHash(cache, key, () => cache.get(key, stackId)?.document);
}

/** The hash filed under `key`, or else that of `document` (read only then), filed under `key`. */
function derivedHash(cache: SynthCache | undefined, key: string, document: () => Buffer | undefined): string | undefined {
  const known = cache?.getDerived(HASHES, key);
  if (known && HASH.test(known)) return known;
  const doc = document();
  if (!doc) return undefined;
  const hash = stackHash(JSON.parse(doc.toString("utf8")));
  cache?.putDerived(HASHES, key, hash);
  return hash;
}
