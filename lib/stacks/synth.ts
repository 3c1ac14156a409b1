import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { RealmkitError } from "../config/errors";
import { replaceOutputDir } from "../output/replace";
import { App } from "../cdktf";
import type { Inventory } from "../model/inventory";
import type { StackOptions } from "./kit";
import { synthesizeIncrementally } from "./incremental-synth";
import { RealmStack } from "./realm-stack";
import { withPlainValueFastPath } from "../cdktf/plain-resolve";
import { withoutTokenStackTraces } from "../cdktf/token-traces";
import type { SynthCache } from "./synth-cache";
import { manifestFile, readTerraformJson, stackFile } from "../terraform/json";

export interface SynthesizedStack {
  readonly stackId: string;
  readonly realm: string;
  readonly provider: string;
  /** Path of `cdk.tf.json` inside the final output folder. */
  readonly file: string;
  /** What was written to `file`: only given to `afterBatch`, then dropped. */
  readonly json?: Record<string, unknown>;
}

export interface SynthesisHooks {
  /** Sees each batch's stacks before synthesis: the place for escape hatches. */
  readonly customize?: (stacks: readonly RealmStack[]) => void;
  /**
   * Sees each batch's stacks once written, with their documents, which are dropped afterwards:
   * checking them here means the documents of the whole inventory are never held at once.
   */
  readonly afterBatch?: (stacks: readonly SynthesizedStack[]) => void;
}

/** Adds one RealmStack per realm/provider pair of the inventory to `app`. */
export function addRealmStacks(app: App, inventory: Inventory, options: StackOptions): RealmStack[] {
  return inventory.realms.flatMap((realm) => realm.targets.map((target) => new RealmStack(app, realm, target, options)));
}

/**
 * Realms built and synthesized per cdktf App. Each App's tree is dropped after its batch, but
 * memory still grows by about 230 KB a realm: cdktf's process-wide token map keeps every token,
 * and through them the constructs, alive. Clearing it would rely on cdktf internals and break
 * tokens an escape hatch shares across batches.
 */
const REALMS_PER_APP = 25;

/**
 * Builds and synthesizes every stack of the inventory into `outdir` (default: cdktf's own,
 * `CDKTF_OUTDIR` or `cdktf.out`), a batch of realms per App, and writes one manifest.json
 * listing them all, as `cdktf synth` expects.
 */
export function synthesizeStacks(
  inventory: Inventory,
  options: StackOptions,
  outdir?: string,
  hooks: SynthesisHooks = {},
): SynthesizedStack[] {
  return withoutTokenStackTraces(() =>
    withPlainValueFastPath(() => {
      const out: SynthesizedStack[] = [];
      let manifest: { version?: string; stacks: Record<string, unknown> } = { stacks: {} };
      let dir = outdir;
      for (let i = 0; i < Math.max(1, inventory.realms.length); i += REALMS_PER_APP) {
        const app = new App({ ...(outdir ? { outdir } : {}), skipValidation: false });
        dir = app.outdir;
        const stacks = addRealmStacks(app, { ...inventory, realms: inventory.realms.slice(i, i + REALMS_PER_APP) }, options);
        if (hooks.customize) {
          hooks.customize(stacks);
          stacks.forEach((s) => (s.crossStackReferences = true));
        }
        app.synth();
        const written = readTerraformJson(manifestFile(dir)) as typeof manifest;
        manifest = { version: written.version, stacks: { ...manifest.stacks, ...written.stacks } };
        const batch = stacks.map((s) => ({
          stackId: s.target.stackId,
          realm: s.realm.id,
          provider: s.target.provider,
          file: stackFile(dir!, s.target.stackId),
          json: s.takeSynthesized(),
        }));
        hooks.afterBatch?.(batch);
        out.push(...batch.map(({ json: _dropped, ...stack }) => stack));
      }
      const sorted = Object.fromEntries(Object.entries(manifest.stacks).sort(([a], [b]) => a.localeCompare(b)));
      writeFileSync(manifestFile(dir!), JSON.stringify({ stacks: sorted, version: manifest.version }, null, 2));
      return out;
    }),
  );
}

export { stackFile };

export interface SynthesizeOptions extends StackOptions, Pick<SynthesisHooks, "afterBatch"> {
  readonly outdir: string;
  /**
   * Runs on the staged output (files inside the temp folder) before it replaces `outdir`;
   * throwing keeps the previous output. The guardrails gate of `realmkit synth` uses it.
   */
  readonly beforeCommit?: (staged: readonly SynthesizedStack[]) => void;
  /** Take unchanged stacks from this cache and file the others in it (lib/stacks/synth-cache.ts). */
  readonly cache?: SynthCache;
  /**
   * Writes stacks that belong to no realm (the fleet-observability stack) into the staged
   * output, after the realm stacks and before `beforeCommit`; throwing keeps the old output.
   */
  readonly besideRealms?: (stagedDir: string) => void;
}

/**
 * Synthesizes the inventory into `outdir` with the same layout as `cdktf synth`. Output goes
 * to a sibling temp folder first and replaces `outdir` only when synthesis (and the
 * `beforeCommit` check) succeeded, so a failure never leaves a half-written or mixed output.
 */
export function synthesize(inventory: Inventory, options: SynthesizeOptions): SynthesizedStack[] {
  if (inventory.realms.length === 0) {
    // An empty output would replace a full one: a wrong --realms is not a request to empty it.
    throw new RealmkitError(
      "RK-OUTPUT-NO-REALMS",
      `the inventory ${inventory.dir} has no realm: nothing to synthesize, ${options.outdir} was left unchanged`,
      {
        value: inventory.dir,
        fix: "pass --realms with the folder that holds the realm files (realms/*.yaml)",
      },
    );
  }
  // Only Realmkit's own output is replaced, atomically (lib/output).
  const staged = replaceOutputDir(
    options.outdir,
    (staging) => {
      const written = options.cache
        ? synthesizeIncrementally(inventory, options, staging, { cache: options.cache, afterBatch: options.afterBatch })
        : synthesizeStacks(inventory, options, staging, { afterBatch: options.afterBatch });
      options.besideRealms?.(staging);
      options.beforeCommit?.(written);
      return written;
    },
    { kind: "synth", realmsDir: inventory.dir, trash: options.cache?.trashDir },
  );
  const outdir = resolve(options.outdir);
  return staged.map((s) => ({ ...s, file: stackFile(outdir, s.stackId) }));
}
