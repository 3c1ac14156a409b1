import type { Command } from "commander";
import { existsSync } from "node:fs";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { phases, type Phases } from "../phases";
import type { ApplyResult } from "../../lib/rollout/apply";
import { targetMaintenance } from "../../lib/model/maintenance";
import { checkAllowDestroy } from "../../lib/policy/address-pattern";
import { guardWave } from "../../lib/rollout/guard";
import { holdRestartsToWindow } from "../../lib/rollout/window-hold";
import { emptyPlanGate, type HealthGate, runGate } from "../../lib/rollout/gate";
import { maxPlanAgeHours, waveRules } from "../../lib/rollout/pacing";
import { checkSavedPlans } from "../../lib/rollout/plan-meta";
import type { SelectedStack } from "../../lib/rollout/select";
import type { TerraformCli } from "../../lib/terraform/cli";
import { selectStacks } from "../../lib/rollout/select";
import { nearestWaveHint, rolloutWaves } from "../../lib/rollout/waves";
import { planFiles } from "../../lib/terraform/runner";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, printJson } from "../cli-support";
import { table } from "../table";
import { parseCount, terraformSettings } from "../terraform-env";

interface RolloutOptions {
  realms: string;
  wave?: string;
  apply?: boolean;
  plans: string;
  concurrency?: string;
  offline?: boolean;
  json?: boolean;
  allowDestroy?: string[];
  maxPlanAge?: string;
  bake?: boolean;
  gate?: boolean;
  monitors?: boolean;
  native?: boolean;
  holdRestarts?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerRollout(program: Command): void {
  program
    .command("rollout")
    .description("show the rollout waves (dry run), or apply one wave's saved plans with --wave N --apply")
    .argument("[realm...]", "with --apply: only these realm or stack ids of the wave")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--wave <n>", "the wave to show or apply")
    .option("--apply", "apply the wave's saved plans (terraform apply PLANFILE)")
    .option("--plans <dir>", "folder written by `realmkit plan --out`", ".realmkit/plans")
    .option("--concurrency <n>", "stacks applied at once (default: number of cores)")
    .option("--offline", "apply with the provider mirror and dummy AWS credentials (local-state stacks only)")
    .option(
      "--allow-destroy <address>",
      "with --apply: a resource address whose deletion is intended; `*` stays inside one name, module.x.* is x's resources, module.x.** all below it (repeatable)",
      collect,
    )
    .option("--max-plan-age <hours>", "refuse saved plans older than this (default: rollout.maxPlanAgeHours, else 24)")
    .option("--no-bake", "with --apply: do not wait the wave's bake time before its health gate")
    .option(
      "--hold-restarts",
      "with --apply: refuse the wave while a plan restarts or replaces a serving resource outside its realm's maintenance window",
    )
    .option("--no-gate", "with --apply: skip the health gate after the wave (it stays the next wave's precondition in CI)")
    .option("--monitors", "with --apply: the health gate also asks Datadog (realmkit health); alerting or silent monitors stop later waves")
    .option(
      "--native",
      "with --apply: the health gate also reads the clouds' own alarms (realmkit health --native); a firing or silent alarm stops later waves",
    )
    .option("--json", "dry run: print the waves as JSON")
    .action(action((selectors: string[], opts: RolloutOptions) => rollout(selectors, opts)));
}

async function rollout(selectors: string[], opts: RolloutOptions): Promise<number> {
  const progress = phases("rollout");
  try {
    return await rolloutWith(selectors, opts, progress);
  } finally {
    progress.close();
  }
}

async function rolloutWith(selectors: string[], opts: RolloutOptions, progress: Phases): Promise<number> {
  progress.phase("load", opts.realms);
  const inventory = loadInventory(opts.realms);
  progress.end(`${inventory.realms.length} realms`);
  const wave = opts.wave !== undefined ? parseCount("--wave", opts.wave) : undefined;
  // A bad --allow-destroy pattern is exit 1 before anything else happens.
  checkAllowDestroy(opts.allowDestroy);
  if (wave !== undefined && !inventory.realms.some((r) => r.config.wave === wave)) {
    // Dry run or apply: a wave nobody is in is a mistake (a typo, a stale script), not a success.
    throw new RealmkitError(
      "RK-ROLLOUT-EMPTY-WAVE",
      `no realm is in wave ${wave}: nothing would be ${opts.apply ? "applied" : "shown"}.${nearestWaveHint(inventory, wave)}`,
      {
        value: wave,
        fix: `run \`realmkit rollout\` to see the waves (${[...new Set(inventory.realms.map((r) => r.config.wave))].sort((a, b) => a - b).join(", ") || "none"})`,
      },
    );
  }
  if (!opts.apply) return dryRun(inventory, wave, opts);
  if (wave === undefined) {
    throw new RealmkitError("RK-CLI-BAD-OPTION", "--apply needs --wave N: waves are applied one at a time, canaries first", {
      fix: "run `realmkit rollout` to see the waves, then `realmkit rollout --wave 0 --apply`",
    });
  }
  const stacks = selectStacks(inventory, { selectors, wave });
  if (stacks.length === 0) {
    throw new RealmkitError("RK-ROLLOUT-EMPTY-WAVE", `wave ${wave} has no stacks matching ${selectors.join(", ")}`, {
      value: selectors,
      fix: `name realms of wave ${wave}: ${[...new Set(inventory.realms.filter((r) => r.config.wave === wave).map((r) => r.id))].join(", ")}`,
    });
  }
  const wanted = stacks.map((s) => ({ stackId: s.target.stackId, realm: s.realm.id }));
  // Loaded on use: apply brings cdktf and the provider bindings; the others listr2 and the lock.
  const [{ applyStacks, applyTargets }, { TerraformCli }, { stackProgress }] = await Promise.all([
    import("../../lib/rollout/apply"),
    import("../../lib/terraform/cli"),
    import("../progress"),
  ]);
  const targets = applyTargets(opts.plans, wanted);
  guardWave(opts.plans, wanted, opts.allowDestroy);
  if (opts.holdRestarts) {
    const windowed = stacks.map((s) => ({ stackId: s.target.stackId, realm: s.realm.id, window: targetMaintenance(s.realm, s.target) }));
    holdRestartsToWindow(opts.plans, windowed, new Date());
  }
  const maxAge =
    opts.maxPlanAge !== undefined
      ? parseCount("--max-plan-age", opts.maxPlanAge, 1)
      : maxPlanAgeHours(inventory, new Set(wanted.map((w) => w.realm)));
  progress.phase("check the saved plans against the inventory", `${stacks.length} stacks`);
  checkSavedPlans(opts.plans, wanted, {
    offline: Boolean(opts.offline),
    maxAgeHours: maxAge,
    currentHashes: await currentStackHashes(inventory, stacks, Boolean(opts.offline)),
  });
  progress.end(`${stacks.length} saved plans match the stacks as synthesized now`);
  const terraform = new TerraformCli({ ...terraformSettings(), offline: Boolean(opts.offline), configDir: opts.plans });
  const version = await terraform.version(`${opts.plans}/terraform-version.log`);
  // The task list shows each stack's apply from here (one line per event in CI).
  progress.close();
  const concurrency = opts.concurrency !== undefined ? parseCount("--concurrency", opts.concurrency, 1) : undefined;
  process.stdout.write(`terraform ${version}; applying wave ${wave}: ${targets.length} stack(s)\n`);

  const pending = new Map<string, (r: ApplyResult) => void>();
  const done = new Map(targets.map((t) => [t.stackId, new Promise<ApplyResult>((r) => pending.set(t.stackId, r))]));
  const tasks = stackProgress(
    targets.map((t) => ({
      title: `${t.stackId}: waiting`,
      task: async (_ctx: unknown, task: { title: string; skip: (m: string) => void }) => {
        const r = await done.get(t.stackId)!;
        if (r.status === "not-started") return task.skip(`${t.stackId}: not started (an earlier stack of the wave failed)`);
        if (r.status === "failed") throw new Error(`${t.stackId}: apply failed: ${r.reason} (log: ${r.logFile})`);
        task.title = `${t.stackId}: applied in ${((r.ms ?? 0) / 1000).toFixed(1)} s`;
      },
    })),
  );
  const rendering = tasks.run();
  const results = await applyStacks(targets, { terraform, concurrency });
  for (const r of results) pending.get(r.stackId)!(r);
  await rendering;

  process.stdout.write(
    `\n${table(
      ["REALM", "STACK", "STATUS", "SECONDS", "NOTE"],
      results.map((r) => [
        r.realm,
        r.stackId,
        r.status,
        r.ms !== undefined ? (r.ms / 1000).toFixed(1) : "-",
        r.reason ?? (r.status === "applied" ? "" : r.status === "not-started" ? "halted: an earlier stack failed" : ""),
      ]),
    )}`,
  );
  const failed = results.filter((r) => r.status === "failed");
  if (failed.length === 0) {
    process.stdout.write(`wave ${wave} applied: ${results.length} stack(s)\n`);
    return bakeAndGate(inventory, wave, wanted, opts, terraform, progress);
  }
  const notStarted = results.filter((r) => r.status === "not-started").length;
  process.stdout.write(
    `wave ${wave} FAILED: ${failed.length} failed, ${notStarted} not started; later waves must not start (logs in ${opts.plans}/<realm>/*.apply.log)\n`,
  );
  return EXIT_USER;
}

function dryRun(inventory: ReturnType<typeof loadInventory>, wave: number | undefined, opts: RolloutOptions): number {
  const waves = rolloutWaves(inventory).filter((w) => wave === undefined || w.wave === wave);
  const planned = (realm: string, stackId: string) => existsSync(planFiles(opts.plans, realm, stackId).planFile);
  if (opts.json) {
    printJson(waves.map((w) => ({ ...w, stacks: w.stacks.map((s) => ({ ...s, savedPlan: planned(s.realm, s.stackId) })) })));
    return EXIT_OK;
  }
  if (waves.length === 0) {
    process.stdout.write("the inventory has no realms\n");
    return EXIT_OK;
  }
  for (const w of waves) {
    const canary = w.wave === waves[0]!.wave && wave === undefined ? " (canary: first)" : "";
    process.stdout.write(`wave ${w.wave}${canary}: ${w.realms.join(", ")}\n`);
    const rows = w.stacks.map((s) => [
      `  ${s.stackId}`,
      s.provider,
      s.region,
      planned(s.realm, s.stackId) ? `saved plan in ${opts.plans}` : "no saved plan",
    ]);
    process.stdout.write(table(["  STACK", "PROVIDER", "REGION", "PLAN"], rows));
  }
  process.stdout.write(
    `\ndry run: nothing applied. Apply a wave with \`realmkit plan --wave N --out ${opts.plans}\`, review, then \`realmkit rollout --wave N --apply --plans ${opts.plans}\`\n`,
  );
  return EXIT_OK;
}

/** stackHash of each selected stack as the inventory synthesizes it now (to compare with the plan's record). */
async function currentStackHashes(
  inventory: ReturnType<typeof loadInventory>,
  stacks: readonly SelectedStack[],
  offline: boolean,
): Promise<Map<string, string>> {
  const [{ synthesize }, { openSynthCache }, { selectedInventory }, { stackHash }, fs, os, path] = await Promise.all([
    import("../../lib/stacks/synth"),
    import("../../lib/stacks/synth-cache"),
    import("../../lib/rollout/select"),
    import("../../lib/rollout/stack-hash"),
    import("node:fs"),
    import("node:os"),
    import("node:path"),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "realmkit-rollout-hash-"));
  try {
    const out = synthesize(selectedInventory(inventory, stacks), {
      backend: offline ? "local" : "remote",
      offline,
      outdir: dir,
      cache: openSynthCache(process.env),
    });
    return new Map(out.map((s) => [s.stackId, stackHash(JSON.parse(fs.readFileSync(s.file, "utf8")))]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** After a wave applied: its bake time, then its health gate; a failed gate says so and exits 1. */
async function bakeAndGate(
  inventory: ReturnType<typeof loadInventory>,
  wave: number,
  stacks: readonly { stackId: string; realm: string }[],
  opts: RolloutOptions,
  terraform: TerraformCli,
  progress: Phases,
): Promise<number> {
  const rules = waveRules(inventory, wave);
  if (rules.bakeMinutes > 0 && opts.bake !== false) {
    process.stdout.write(`baking wave ${wave} for ${rules.bakeMinutes} min before its health gate (--no-bake skips)\n`);
    progress.phase(`bake wave ${wave}`, `${rules.bakeMinutes} min`);
    await new Promise((r) => setTimeout(r, rules.bakeMinutes * 60_000));
    progress.end();
  }
  if (!rules.gate || opts.gate === false) {
    process.stdout.write(`wave ${wave}: no health gate\n`);
    return EXIT_OK;
  }
  const realms = [...new Set(stacks.map((s) => s.realm))];
  let check: HealthGate = emptyPlanGate({ plansDir: opts.plans, terraform, stacks });
  if (opts.monitors || opts.native) {
    const { withHealthCheck } = await import("../../lib/observability/health-check");
    check = withHealthCheck(check, inventory, realms, { ...opts, env: process.env });
  }
  progress.phase(`health gate of wave ${wave}`, `${realms.length} realms`);
  const verdict = await runGate(check, wave, realms);
  progress.end(verdict.healthy ? "healthy" : "UNHEALTHY");
  for (const r of verdict.results) process.stdout.write(`  ${r.realm}: ${r.healthy ? "healthy" : `UNHEALTHY: ${r.reasons.join("; ")}`}\n`);
  if (verdict.healthy) {
    const next = [...new Set(inventory.realms.map((r) => r.config.wave))].sort((a, b) => a - b).find((w) => w > wave);
    process.stdout.write(`wave ${wave} is healthy${next !== undefined ? `: next, wave ${next}` : ": that was the last wave"}\n`);
    return EXIT_OK;
  }
  process.stdout.write(`wave ${wave} is UNHEALTHY: later waves must not start\n`);
  return EXIT_USER;
}
