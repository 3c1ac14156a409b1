import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Inventory } from "../model/inventory";
import { prepareWorkDir } from "../output/replace";
import { synthesize } from "../stacks/synth";
import type { SynthCache } from "../stacks/synth-cache";
import { TerraformCli, type TerraformSettings } from "../terraform/cli";
import { PlanRunner, type PlanTarget, type StackPlanResult } from "../terraform/runner";
import { selectedInventory, type SelectedStack } from "./select";

import { SYNTH_SUBDIR, stackWorkDir } from "./work-dir";

export { SYNTH_SUBDIR, stackWorkDir };
export const PLAN_REPORT = "plan-report.json";
const SYNTH_STAGING = ".synth-staging";

export interface PreparePlanOptions {
  readonly inventory: Inventory;
  readonly stacks: readonly SelectedStack[];
  readonly outDir: string;
  /** Local backend, provider mirror only, dummy AWS credentials. */
  readonly offline: boolean;
  readonly terraform: Omit<TerraformSettings, "offline" | "configDir">;
  readonly concurrency?: number;
  /** Unchanged stacks from the synth cache (lib/stacks/synth-cache.ts); the bin opens it. */
  readonly cache?: SynthCache;
  /** Sees each batch of synthesized stacks (progress). */
  readonly afterBatch?: (stacks: readonly { stackId: string }[]) => void;
  /** What the folder's marker says it holds (drift's work folder is a plan folder too). */
  readonly kind?: "plans" | "drift";
}

export interface PreparedPlan {
  readonly runner: PlanRunner;
  readonly targets: readonly PlanTarget[];
}

/**
 * Synthesizes the selected stacks into `<out>/synth/stacks/<stack>` (offline: local backend
 * and offline provider flags) and returns a runner to plan them with. Planning is left to the caller so
 * it can show progress per stack.
 */
export function preparePlan(options: PreparePlanOptions): PreparedPlan {
  // Refused unless missing, empty or Realmkit's (lib/output); marked as Realmkit's.
  const outDir = prepareWorkDir(options.outDir, { kind: options.kind ?? "plans", realmsDir: options.inventory.dir, option: "--out" });
  // Synthesize aside, then swap in only the selected stacks: plans of other stacks made
  // earlier into the same folder keep their working dirs and stay applicable. One name: runs
  // on one plan folder are serialised by its lock, and a crashed run's copy is simply replaced.
  const staging = join(outDir, SYNTH_STAGING);
  let synthesized;
  try {
    synthesized = synthesize(selectedInventory(options.inventory, options.stacks), {
      backend: options.offline ? "local" : "remote",
      offline: options.offline,
      outdir: staging,
      cache: options.cache,
      afterBatch: options.afterBatch,
    });
    for (const s of synthesized) {
      const dir = stackWorkDir(outDir, s.stackId);
      keepInit(dir, dirname(s.file));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dirname(dir), { recursive: true });
      renameSync(dirname(s.file), dir);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const targets = synthesized.map((s) => ({
    stackId: s.stackId,
    realm: s.realm,
    provider: s.provider,
    dir: stackWorkDir(outDir, s.stackId),
  }));
  const terraform = new TerraformCli({ ...options.terraform, offline: options.offline, configDir: outDir });
  return { runner: new PlanRunner({ terraform, outDir, concurrency: options.concurrency }), targets };
}

/**
 * What `terraform init` left in a stack's previous work folder (`.terraform/`, with the stamp
 * of lib/terraform/init-stamp.ts, and the dependency lock file) moves into the new one, so a
 * re-plan skips init when nothing init depends on changed; the stamp decides. Everything
 * else (the stack, offline state, plans) is replaced.
 */
function keepInit(previous: string, next: string): void {
  for (const name of [".terraform", ".terraform.lock.hcl"]) {
    if (existsSync(join(previous, name)) && !existsSync(join(next, name))) renameSync(join(previous, name), join(next, name));
  }
}

/** `<out>/plan-report.json`: every stack's outcome with paths relative to the out folder (CI artifacts move). */
export function writePlanReport(outDir: string, results: readonly StackPlanResult[], extra: Record<string, unknown> = {}): string {
  const root = resolve(outDir);
  const rel = (p?: string) => (p ? relative(root, p) : undefined);
  const file = join(root, PLAN_REPORT);
  const stacks = results.map((r) => ({ ...r, planFile: rel(r.planFile), planJsonFile: rel(r.planJsonFile), logFile: rel(r.logFile) }));
  writeFileSync(file, `${JSON.stringify({ ...extra, stacks }, null, 2)}\n`);
  return file;
}
