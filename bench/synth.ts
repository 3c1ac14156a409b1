import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchEntryPoints } from "./entry-points";
import { generateInventory } from "./inventory";
import { benchLoop } from "./loop";
import { benchPlanSteps } from "./plan-steps";
import { printRatios } from "./ratios";

/**
 * `npm run bench`: runs the built `realmkit synth` (what users run: load, validate, synthesize,
 * structural check and guardrails, atomic swap) on generated inventories of 10, 100 and 500
 * realms, several times each, and prints its phases, wall time (the whole process, as a user
 * waits for it) and peak memory. BENCH_SIZES and BENCH_RUNS change the sizes and repeats.
 * Each size starts with an empty V8 code cache: the first run (which fills it) is reported on
 * its own, the median and range are of the runs after it. The synth cache is off here (every
 * run synthesizes every stack); the ratio table after it (bench/ratios.ts) measures the cache,
 * `changed`, the plan steps and the fleet commands.
 */
const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "dist", "bin", "realmkit.js");
const sizes = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);

interface Run {
  readonly stacks: number;
  readonly loadMs: number;
  readonly synthMs: number;
  readonly checksMs: number;
  readonly wallMs: number;
  readonly peakMb: number;
}

const SUMMARY = /synthesized (\d+) stacks .* \(load (\d+) ms, build and write (\d+) ms, checks (\d+) ms\)/;

function measure(dir: string, out: string, cache: string): Run {
  const rssFile = `${out}.rss`;
  const started = performance.now();
  const child = spawnSync(process.execPath, ["-r", join(__dirname, "peak-rss.js"), CLI, "synth", "--realms", dir, "--out", out], {
    cwd: ROOT,
    encoding: "utf8",
    // Full synthesis every run: the synth cache's effect is measured in the ratio table.
    env: {
      ...process.env,
      REALMKIT_BENCH_RSS_FILE: rssFile,
      REALMKIT_COMPILE_CACHE_DIR: cache,
      REALMKIT_SYNTH_CACHE: "off",
      REALMKIT_PROGRESS: "off",
    },
  });
  const wallMs = Math.round(performance.now() - started);
  const summary = SUMMARY.exec(child.stdout);
  if (child.status !== 0 || !summary) throw new Error(`realmkit synth failed (exit ${child.status}):\n${child.stderr}${child.stdout}`);
  const peakMb = Math.round(Number(readFileSync(rssFile, "utf8")) / 1024);
  rmSync(rssFile);
  const [stacks, loadMs, synthMs, checksMs] = summary.slice(1).map(Number) as [number, number, number, number];
  return { stacks, loadMs, synthMs, checksMs, wallMs, peakMb };
}

if (!existsSync(CLI)) throw new Error("dist/ is missing: run `npm run build` first (`npm run bench` does)");
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = sizes.map((count) => {
  const dir = generateInventory(join(ROOT, "realms"), count);
  const out = `${dir}-out`;
  const cache = mkdtempSync(join(tmpdir(), "realmkit-bench-cache-"));
  try {
    const cold = measure(dir, out, cache);
    const all = Array.from({ length: runs }, () => measure(dir, out, cache));
    const mid = all.find((r) => r.wallMs === median(all.map((x) => x.wallMs)))!;
    const walls = all.map((r) => r.wallMs);
    return {
      count,
      ...mid,
      coldMs: cold.wallMs,
      range: `${Math.min(...walls)}-${Math.max(...walls)}`,
      peakMb: Math.max(...all.map((r) => r.peakMb)),
    };
  } finally {
    rmSync(cache, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
});

console.log(`realmkit synth: the first run (empty code cache), then the median of ${runs} runs (phases are the median run's)`);
console.log("realms  stacks  first ms  load ms  synth ms  checks ms  wall ms  wall range  peak MB");
for (const r of rows) {
  const cells = [r.count, r.stacks, r.coldMs, r.loadMs, r.synthMs, r.checksMs, r.wallMs, r.range, r.peakMb];
  console.log(cells.map((v, i) => String(v).padStart([6, 7, 9, 8, 9, 10, 8, 11, 8][i]!)).join(" "));
}
console.log("");
for (const line of benchEntryPoints(runs)) console.log(line);

// Ratios measured in this run: they hold on any machine where absolute times do not.
(async () => {
  const loopRealms = Number(process.env.BENCH_LOOP_REALMS ?? 100);
  const loop = benchLoop(ROOT, loopRealms, Math.max(3, runs));
  const planStacks =
    process.env.BENCH_PLAN_STACKS === "all" ? undefined : (process.env.BENCH_PLAN_STACKS ?? "realm-us2,realm-stg1").split(",");
  const plan =
    process.env.BENCH_PLAN === "off"
      ? undefined
      : await benchPlanSteps(ROOT, Math.max(2, Number(process.env.BENCH_PLAN_ROUNDS ?? 2)), planStacks);
  console.log("");
  for (const line of printRatios(loop, plan)) console.log(line);
})().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
