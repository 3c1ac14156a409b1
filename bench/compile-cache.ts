import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateInventory } from "./inventory";

/**
 * `npm run bench:compile-cache`: the built `realmkit synth` with each compile cache
 * (REALMKIT_COMPILE_CACHE = off | custom | node) on each Node binary named in BENCH_NODES
 * (colon-separated; default: this Node). Per binary and mode: one run that fills an empty cache,
 * then the median wall time of BENCH_RUNS warm runs, and the ratio to `off`. Runs of the modes
 * are interleaved, so a busy machine slows all of them alike.
 */
const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "dist", "bin", "realmkit.js");
const nodes = (process.env.BENCH_NODES ?? process.execPath).split(":").filter(Boolean);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const count = Number(process.env.BENCH_SIZES ?? 10);
const MODES = ["off", "custom", "node"] as const;

if (!existsSync(CLI)) throw new Error("dist/ is missing: run `npm run build` first");
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function version(node: string): string {
  return spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
}

function run(node: string, mode: string, dir: string, cache: string): number {
  const out = `${dir}-out`;
  const started = performance.now();
  const r = spawnSync(node, [CLI, "synth", "--realms", dir, "--out", out], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      REALMKIT_COMPILE_CACHE: mode,
      REALMKIT_COMPILE_CACHE_DIR: cache,
      REALMKIT_SYNTH_CACHE: "off",
      REALMKIT_PROGRESS: "off",
    },
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`realmkit synth on ${node} (${mode}) failed:\n${r.stderr}${r.stdout}`);
  return ms;
}

const dir = generateInventory(join(ROOT, "realms"), count);
try {
  console.log(`realmkit synth of ${count} realms: first run (empty cache), median of ${runs} warm runs, ratio to no cache`);
  console.log("node      mode     first ms  warm ms  vs off");
  for (const node of nodes) {
    const caches = new Map(MODES.map((m) => [m, mkdtempSync(join(tmpdir(), `realmkit-cc-${m}-`))]));
    try {
      const first = new Map(MODES.map((m) => [m, run(node, m, dir, caches.get(m)!)]));
      const warm = new Map<string, number[]>(MODES.map((m) => [m, []]));
      for (let i = 0; i < runs; i++) for (const m of MODES) warm.get(m)!.push(run(node, m, dir, caches.get(m)!));
      const off = median(warm.get("off")!);
      for (const m of MODES) {
        const w = median(warm.get(m)!);
        console.log(
          `${version(node).padEnd(9)} ${m.padEnd(7)} ${first.get(m)!.toFixed(0).padStart(9)} ${w.toFixed(0).padStart(8)} ${(w / off).toFixed(3).padStart(7)}`,
        );
      }
    } finally {
      for (const c of caches.values()) rmSync(c, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-out`, { recursive: true, force: true });
}
