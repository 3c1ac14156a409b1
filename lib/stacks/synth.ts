import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { App } from "cdktf";
import type { Inventory } from "../model/inventory";
import type { StackOptions } from "./kit";
import { RealmStack } from "./realm-stack";

export interface SynthesizedStack {
  readonly stackId: string;
  readonly realm: string;
  readonly provider: string;
  /** Path of `cdk.tf.json` inside the final output folder. */
  readonly file: string;
}

/** Adds one RealmStack per realm/provider pair of the inventory to `app`. */
export function addRealmStacks(app: App, inventory: Inventory, options: StackOptions): RealmStack[] {
  return inventory.realms.flatMap((realm) => realm.targets.map((target) => new RealmStack(app, realm, target, options)));
}

export function stackFile(outdir: string, stackId: string): string {
  return join(outdir, "stacks", stackId, "cdk.tf.json");
}

export interface SynthesizeOptions extends StackOptions {
  readonly outdir: string;
  /**
   * Runs on the staged output (files inside the temp folder) before it replaces `outdir`;
   * throwing keeps the previous output. The guardrails gate of `realmkit synth` uses it.
   */
  readonly beforeCommit?: (staged: readonly SynthesizedStack[]) => void;
}

/**
 * Synthesizes the inventory into `outdir` with the same layout as `cdktf synth`. Output goes
 * to a sibling temp folder first and replaces `outdir` only when synthesis (and the
 * `beforeCommit` check) succeeded, so a failure never leaves a half-written or mixed output.
 */
export function synthesize(inventory: Inventory, options: SynthesizeOptions): SynthesizedStack[] {
  const outdir = resolve(options.outdir);
  mkdirSync(dirname(outdir), { recursive: true });
  const staging = `${outdir}.tmp-${process.pid}-${Date.now()}`;
  try {
    const app = new App({ outdir: staging, skipValidation: false });
    const stacks = addRealmStacks(app, inventory, options);
    app.synth();
    const describe = (dir: string): SynthesizedStack[] =>
      stacks.map((s) => ({ stackId: s.target.stackId, realm: s.realm.id, provider: s.target.provider, file: stackFile(dir, s.target.stackId) }));
    options.beforeCommit?.(describe(staging));
    replaceDir(staging, outdir);
    return describe(outdir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function replaceDir(from: string, to: string): void {
  const old = `${to}.old-${process.pid}-${Date.now()}`;
  if (existsSync(to)) renameSync(to, old);
  renameSync(from, to);
  rmSync(old, { recursive: true, force: true });
}
