import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { generateInventory } from "./inventory";

/**
 * `npm run bench`: synthesizes generated inventories of 10, 100 and 500 realms and prints
 * the time of each step, wall time (the whole process, as a user waits for it) and peak memory.
 */
const ROOT = join(__dirname, "..");
const sizes = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);

const rows = sizes.map((count) => {
  const dir = generateInventory(join(ROOT, "realms"), count);
  const out = `${dir}-out`;
  try {
    const started = performance.now();
    const child = spawnSync(process.execPath, ["-r", "@swc-node/register", join(__dirname, "synth-child.ts"), dir, out], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = Math.round(performance.now() - started);
    if (child.status !== 0) throw new Error(`synth of ${count} realms failed:\n${child.stderr}`);
    return { ...JSON.parse(child.stdout), wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
});

console.log("realms  stacks  load ms  synth ms  checks ms  wall ms  peak MB");
for (const r of rows) {
  console.log(
    [r.realms, r.stacks, r.loadMs, r.synthMs, r.checksMs, r.wallMs, r.maxRssMb].map((v, i) => String(v).padStart(i === 0 ? 6 : 7)).join("  "),
  );
}
