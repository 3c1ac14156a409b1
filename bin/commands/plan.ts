import type { Command } from "commander";
import { RealmkitError } from "../../lib/config/errors";
import { type Inventory, loadInventory } from "../../lib/model/inventory";
import { withLockedOutput } from "../../lib/output/locked";
import { changedRealms } from "../../lib/rollout/changed";
import { describeDestruction, destructiveChanges } from "../../lib/rollout/guard";
import { writePlanMeta } from "../../lib/rollout/plan-meta";
import { planRows, writePlanMarkdown } from "../../lib/rollout/report";
import { type SelectedStack, selectStacks } from "../../lib/rollout/select";
import { effectLine } from "../../lib/terraform/change-effect";
import type { StackPlanResult } from "../../lib/terraform/runner";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER } from "../cli-support";
import { table } from "../table";
import { parseCount, terraformSettings } from "../terraform-env";

interface PlanOptions {
  realms: string;
  wave?: string;
  changedSince?: string;
  offline?: boolean;
  concurrency?: string;
  out: string;
}

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description(
      "terraform init (reused when nothing it acts on changed), plan (which validates) and show -json for the selected realms, in parallel",
    )
    .argument("[realm...]", "realm ids or stack ids (default: every realm)")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--wave <n>", "only realms of this rollout wave")
    .option("--changed-since <ref>", "only realms whose synthesized stacks differ from git revision REF")
    .option("--offline", "local backend, providers from REALMKIT_PROVIDER_MIRROR, dummy AWS credentials")
    .option("--concurrency <n>", "stacks planned at once (default: number of cores)")
    .option("--out <dir>", "folder for plan files, plan JSON and logs", ".realmkit/plans")
    .action(action((selectors: string[], opts: PlanOptions) => plan(selectors, opts)));
}

async function plan(selectors: string[], opts: PlanOptions): Promise<number> {
  const { phases } = await import("../phases");
  const progress = phases("plan");
  try {
    return await planWith(selectors, opts, progress);
  } finally {
    progress.close();
  }
}

async function planWith(selectors: string[], opts: PlanOptions, progress: import("../phases").Phases): Promise<number> {
  progress.phase("load", opts.realms);
  const inventory = loadInventory(opts.realms);
  progress.end(`${inventory.realms.length} realms`);
  const wave = opts.wave !== undefined ? parseCount("--wave", opts.wave) : undefined;
  const concurrency = opts.concurrency !== undefined ? parseCount("--concurrency", opts.concurrency, 1) : undefined;
  let realms: Set<string> | undefined;
  if (opts.changedSince) {
    const report = await changedRealms({ since: opts.changedSince, realmsDir: opts.realms, baseEnv: process.env, progress });
    realms = new Set(report.realms.filter((r) => r.status !== "removed").map((r) => r.realm));
    const removed = report.realms.filter((r) => r.status === "removed").map((r) => r.realm);
    if (removed.length > 0)
      process.stdout.write(`removed since ${opts.changedSince} (nothing to plan here; destroy them deliberately): ${removed.join(", ")}\n`);
  }
  if (wave !== undefined && !inventory.realms.some((r) => r.config.wave === wave)) {
    throw new RealmkitError("RK-ROLLOUT-EMPTY-WAVE", `no realm is in wave ${wave}: nothing would be planned`, {
      value: wave,
      fix: `run \`realmkit rollout\` to see the waves (${[...new Set(inventory.realms.map((r) => r.config.wave))].sort((a, b) => a - b).join(", ") || "none"})`,
    });
  }
  const stacks = selectStacks(inventory, { selectors, wave, realms });
  if (stacks.length === 0) {
    process.stdout.write("no stacks selected: nothing to plan\n");
    return EXIT_OK;
  }
  // One plan run at a time per plan folder, and only in a folder Realmkit made (lib/output).
  return withLockedOutput(opts.out, { realmsDir: opts.realms, example: ".realmkit/plans" }, () =>
    planStacks(inventory, stacks, opts, concurrency, progress),
  );
}

async function planStacks(
  inventory: Inventory,
  stacks: readonly SelectedStack[],
  opts: PlanOptions,
  concurrency: number | undefined,
  progress: import("../phases").Phases,
): Promise<number> {
  const offline = Boolean(opts.offline);
  // Loaded on use: planning synthesizes (cdktf, the bindings) and shows progress (listr2).
  const [{ preparePlan, writePlanReport }, { stackProgress }, { openSynthCache }] = await Promise.all([
    import("../../lib/rollout/plan"),
    import("../progress"),
    import("../../lib/stacks/synth-cache"),
  ]);
  progress.phase("synthesize", `0/${stacks.length} stacks`);
  let written = 0;
  const cache = openSynthCache(process.env);
  const { runner, targets } = preparePlan({
    inventory,
    stacks,
    outDir: opts.out,
    offline,
    terraform: terraformSettings(),
    concurrency,
    cache,
    afterBatch: (batch) => progress.update(`${(written += batch.length)}/${stacks.length} stacks`),
  });
  progress.end(`${targets.length} stacks${cache ? `, ${cache.reused} from the cache` : ""}`);
  const version = await runner.terraformVersion();
  // From here on the task list shows each stack's step (one line per event in CI).
  progress.close();
  process.stdout.write(`terraform ${version}; planning ${targets.length} stack(s)${offline ? " offline" : ""} into ${opts.out}\n`);

  const results = new Map<string, StackPlanResult>();
  const tasks = stackProgress(
    targets.map((target) => ({
      title: target.stackId,
      task: async (_ctx: unknown, task: { title: string; output: string; skip: (m: string) => void }) => {
        const r = await runner.planStack(target, (phase) => {
          task.title = `${target.stackId}: ${phase}`;
        });
        results.set(target.stackId, r);
        // The record `rollout --apply` checks: offline or not, the stack's content hash, the time.
        if (r.status === "planned") writePlanMeta(opts.out, target, { offline, terraformVersion: version });
        if (r.status === "skipped") {
          task.title = `${target.stackId}: skipped`;
          return task.skip(`${target.stackId}: skipped, ${r.reason}`);
        }
        if (r.status === "failed") throw new Error(`${target.stackId}: ${r.failedStep} failed: ${r.reason} (log: ${r.logFile})`);
        const s = r.summary!;
        task.title = `${target.stackId}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy (${effectLine(s.effects)})`;
      },
    })),
  );
  await tasks.run();

  const ordered = targets.map((t) => results.get(t.stackId)!).filter(Boolean);
  // The guardrails' destructive-change check: stateful resources this plan deletes or replaces.
  const destruction = new Map(ordered.filter((r) => r.planJsonFile).map((r) => [r.stackId, destructiveChanges(r.planJsonFile!)]));
  const rows = planRows(ordered, new Map([...destruction].map(([id, d]) => [id, describeDestruction(d)])));
  writePlanReport(opts.out, ordered, { terraformVersion: version, offline, destructive: Object.fromEntries(destruction) });
  writePlanMarkdown(opts.out, rows);
  process.stdout.write(
    `\n${table(
      ["REALM", "STACK", "STATUS", "ADD", "CHANGE", "DESTROY", "EFFECT", "SECONDS", "NOTE"],
      rows.map((r) => [r.realm, r.stack, r.status, r.add, r.change, r.destroy, r.effect, r.seconds, r.note]),
    )}`,
  );
  const failed = ordered.filter((r) => r.status === "failed").length;
  const skipped = ordered.filter((r) => r.status === "skipped").length;
  const stateful = [...destruction.values()].reduce((n, d) => n + d.length, 0);
  process.stdout.write(
    `\n${ordered.length - failed - skipped} planned, ${failed} failed, ${skipped} skipped; plans, plan JSON and logs in ${opts.out}/<realm>/\n`,
  );
  if (stateful > 0)
    process.stdout.write(
      `${stateful} stateful resource(s) would be destroyed: \`realmkit rollout --apply\` refuses these plans unless --allow-destroy names them\n`,
    );
  return failed > 0 ? EXIT_USER : EXIT_OK;
}
