import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory } from "../lib/model/inventory";
import { selectedInventory, selectStacks } from "../lib/rollout/select";
import { synthesize } from "../lib/stacks/synth";
import { TerraformCli } from "../lib/terraform/cli";
import { PlanRunner } from "../lib/terraform/runner";
import { median } from "./run";

export interface PlanStepFigures {
  readonly stacks: readonly string[];
  /** Per stack: the former four steps (init, validate, plan, show -json) in a fresh folder. */
  readonly beforeMs: number;
  /** Per stack: realmkit's plan now, in a folder planned before (init reused). */
  readonly replanMs: number;
  /** Per stack: realmkit's plan now in a fresh folder beside a planned one (init taken from it), as every stack after the first of a fleet plan from a clean checkout. */
  readonly fleetFirstMs: number;
  /** Per stack: realmkit's plan now in a fresh folder alone (init runs). */
  readonly firstMs: number;
  readonly steps: Readonly<Record<string, number>>;
}

/**
 * Per-stack offline plan time of the AWS samples (real terraform, real provider from
 * REALMKIT_PROVIDER_MIRROR), one stack at a time, the former four-step sequence and today's
 * runner alternately, round after round. Undefined without terraform or a mirror.
 */
export async function benchPlanSteps(root: string, rounds: number, only?: readonly string[]): Promise<PlanStepFigures | undefined> {
  const mirror = process.env.REALMKIT_PROVIDER_MIRROR;
  if (!mirror) return undefined;
  const work = mkdtempSync(join(tmpdir(), "realmkit-bench-plan-"));
  try {
    const inventory = loadInventory(join(root, "realms"));
    const aws = selectStacks(inventory).filter((s) => s.target.provider === "aws" && (!only || only.includes(s.target.stackId)));
    const synthesized = synthesize(selectedInventory(inventory, aws), { backend: "local", offline: true, outdir: join(work, "synth") });
    const pluginCacheDir = process.env.TF_PLUGIN_CACHE_DIR || join(root, "node_modules", ".cache", "realmkit-test-plugin-cache");
    const terraform = new TerraformCli({ baseEnv: process.env, pluginCacheDir, mirror, offline: true, configDir: join(work, "out") });
    const runner = new PlanRunner({ terraform, outDir: join(work, "out"), concurrency: 1 });
    await runner.terraformVersion();
    const before: number[] = [];
    const replan: number[] = [];
    const first: number[] = [];
    const fleetFirst: number[] = [];
    const steps: Record<string, number[]> = { init: [], validate: [], plan: [], show: [] };

    const fourSteps = async (stackDir: string, n: number) => {
      const dir = join(work, "before", `${n}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      cpSync(join(stackDir, "cdk.tf.json"), join(dir, "cdk.tf.json"));
      const log = join(work, "before.log");
      const t = performance.now();
      const timeStep = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
        const s = performance.now();
        const r = await run();
        steps[name]!.push(performance.now() - s);
        return r;
      };
      const init = await timeStep("init", () => terraform.init(dir, log));
      const valid = await timeStep("validate", () => terraform.validate(dir, log));
      const plan = await timeStep("plan", () => terraform.plan(dir, join(dir, "plan.tfplan"), log));
      const shown = await timeStep("show", () => terraform.show(dir, join(dir, "plan.tfplan"), log));
      if (!init.ok || !valid.valid || !plan.ok || !shown.plan) throw new Error(`the four-step plan of ${stackDir} failed; see ${log}`);
      return performance.now() - t;
    };
    type Init = "ran" | "seeded" | "reused";
    /** Plans `s` in work/`where` (a fresh copy of the stack when `fresh`); `expected`: how its init must go. */
    const now = async (s: (typeof synthesized)[number], where: string, fresh: boolean, expected?: Init) => {
      const dir = join(work, where);
      if (fresh) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        cpSync(s.file, join(dir, "cdk.tf.json"));
      }
      const t = performance.now();
      const r = await runner.planStack({ stackId: s.stackId, realm: s.realm, provider: s.provider, dir });
      if (r.status !== "planned") throw new Error(`realmkit's plan of ${s.stackId} failed: ${r.reason}`);
      const how: Init = r.initReused ? "reused" : r.initSeededFrom ? "seeded" : "ran";
      if (expected && how !== expected) throw new Error(`${s.stackId} in ${where}: init ${how}, expected ${expected}`);
      return performance.now() - t;
    };

    let n = 0;
    for (const s of synthesized) {
      const stackDir = join(s.file, "..");
      // Two plans first, unmeasured: they warm the provider binary in the page cache and leave
      // a folder to re-plan and one for fresh fleet folders to take their init from. Then the
      // four steps, a fresh folder alone (init runs), a fresh folder in the fleet and a re-plan,
      // in an order that rotates each round, so a slow spell weighs on all four.
      // Each stack's folders have a parent of their own: alone-<stack>/ holds one folder (no
      // sibling to take an init from); fleet-<stack>/ holds `first` and the fresh folder.
      await now(s, `replan-${s.stackId}/stack`, true);
      await now(s, `fleet-${s.stackId}/first`, true);
      const measures = [
        async () => before.push(await fourSteps(stackDir, n++)),
        async () => first.push(await now(s, `alone-${s.stackId}/stack`, true, "ran")),
        async () => fleetFirst.push(await now(s, `fleet-${s.stackId}/stack`, true, "seeded")),
        async () => replan.push(await now(s, `replan-${s.stackId}/stack`, false, "reused")),
      ];
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < measures.length; i++) await measures[(round + i) % measures.length]!();
      }
    }
    return {
      stacks: synthesized.map((s) => s.stackId),
      beforeMs: median(before),
      replanMs: median(replan),
      fleetFirstMs: median(fleetFirst),
      firstMs: median(first),
      steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)])),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
