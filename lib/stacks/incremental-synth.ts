import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Inventory } from "../model/inventory";
import type { RealmModel } from "../model/realm-model";
import type { StackOptions } from "./kit";
import type { SynthesizedStack } from "./synth";
import type { SynthCache } from "./synth-cache";
import { manifestFile, readTerraformJson, stackFile } from "../terraform/json";

/** A synthesized stack with the cache key its document is filed under (none: not cacheable). */
export interface KeyedStack extends SynthesizedStack {
  readonly key?: string;
  /** The document came from the cache rather than from cdktf. */
  readonly cached: boolean;
}

export interface IncrementalHooks {
  readonly cache: SynthCache;
  /** Sees each group of stacks once written, as SynthesisHooks.afterBatch does; cached ones carry no `json`. */
  readonly afterBatch?: (stacks: readonly KeyedStack[]) => void;
}

type Manifest = { version?: string; stacks: Record<string, unknown> };

const HITS_PER_BATCH = 50;

/**
 * Synthesizes the inventory into `outdir` like `synthesizeStacks`, taking every stack whose
 * key is in the cache from there (its exact bytes and manifest entry) and running cdktf only
 * for the realms with a stack that missed. The output folder, manifest.json included, is byte
 * for byte what a synthesis without the cache writes (a test compares them on every sample).
 * cdktf, the bindings and the realms' constructs are loaded only when something missed.
 */
export function synthesizeIncrementally(
  inventory: Inventory,
  options: StackOptions,
  outdir: string,
  hooks: IncrementalHooks,
): KeyedStack[] {
  const { cache } = hooks;
  const keys = new Map<string, string | undefined>();
  const hit = new Map<string, ReturnType<SynthCache["get"]>>();
  const stale: RealmModel[] = [];
  for (const realm of inventory.realms) {
    let fresh = true;
    for (const target of realm.targets) {
      const key = cache.stackKey(realm, target, options);
      keys.set(target.stackId, key);
      const entry = key ? cache.get(key, target.stackId) : undefined;
      if (entry) hit.set(target.stackId, entry);
      else fresh = false;
    }
    // A realm's stacks are built together, as without the cache.
    if (!fresh) stale.push(realm);
  }

  const staleIds = new Set(stale.map((r) => r.id));
  const fromCache: KeyedStack[] = [];
  let version: string | undefined;
  const entries: Record<string, unknown> = Object.create(null);
  for (const realm of inventory.realms) {
    if (staleIds.has(realm.id)) continue;
    for (const target of realm.targets) {
      const entry = hit.get(target.stackId)!;
      const file = stackFile(outdir, target.stackId);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, entry.document);
      entries[target.stackId] = entry.manifestEntry;
      version = entry.manifestVersion;
      fromCache.push({
        stackId: target.stackId,
        realm: realm.id,
        provider: target.provider,
        file,
        key: keys.get(target.stackId),
        cached: true,
      });
    }
  }
  cache.reused = fromCache.length;
  for (let i = 0; i < fromCache.length; i += HITS_PER_BATCH) hooks.afterBatch?.(fromCache.slice(i, i + HITS_PER_BATCH));

  let built: KeyedStack[] = [];
  if (stale.length > 0 || inventory.realms.length === 0) {
    // Loaded here, not at the top: a synth whose every stack hit never loads cdktf's synthesis.
    const { synthesizeStacks } = require("./synth") as typeof import("./synth");
    const keyed = (s: SynthesizedStack): KeyedStack => ({ ...s, key: keys.get(s.stackId), cached: false });
    built = synthesizeStacks({ ...inventory, realms: stale }, options, outdir, {
      afterBatch: hooks.afterBatch ? (batch) => hooks.afterBatch!(batch.map(keyed)) : undefined,
    }).map(keyed);
    const written = readTerraformJson(manifestFile(outdir)) as Manifest;
    version = written.version;
    for (const s of built) {
      const entry = written.stacks[s.stackId];
      entries[s.stackId] = entry;
      if (s.key && entry !== undefined && written.version !== undefined)
        cache.put(s.key, s.stackId, readFileSync(s.file), entry, written.version);
    }
  }

  // The manifest exactly as synthesizeStacks writes it for the whole inventory.
  const sorted = Object.fromEntries(
    Object.keys(entries)
      .sort((a, b) => a.localeCompare(b))
      .map((id) => [id, entries[id]]),
  );
  writeFileSync(manifestFile(outdir), JSON.stringify({ stacks: sorted, version }, null, 2));
  const byId = new Map([...fromCache, ...built].map((s) => [s.stackId, s]));
  const ordered = inventory.realms.flatMap((r) => r.targets.map((t) => byId.get(t.stackId)!)).filter(Boolean);
  cache.finish(Math.max(2000, 4 * ordered.length));
  return ordered;
}
