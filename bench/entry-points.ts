import { spawnSync } from "node:child_process";
import { join } from "node:path";

/**
 * Start-up of the package's entry points as a consumer requires them (built dist/, a fresh Node
 * each run): modules loaded and milliseconds, median of `runs`. "all three clouds" is what the
 * root entry cost before the per-cloud entry points (it loaded every binding).
 */
const ROOT = join(__dirname, "..");
const ENTRIES: Readonly<Record<string, readonly string[]>> = {
  realmkit: ["lib/index"],
  "realmkit/constructs": ["constructs/index"],
  "realmkit/aws": ["constructs/aws"],
  "realmkit + all three clouds": ["lib/index", "constructs/aws", "constructs/gcp", "constructs/azure"],
};

function once(files: readonly string[]): { modules: number; ms: number } {
  const paths = files.map((f) => JSON.stringify(join(ROOT, "dist", `${f}.js`)));
  const probe = `const t = performance.now(); for (const p of [${paths.join(",")}]) require(p);
    process.stdout.write(JSON.stringify({ ms: performance.now() - t, modules: Object.keys(require.cache).length }));`;
  const r = spawnSync(process.execPath, ["-e", probe], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`requiring ${files.join(", ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

export function benchEntryPoints(runs: number): string[] {
  const rows = Object.entries(ENTRIES).map(([name, files]) => {
    const all = Array.from({ length: runs }, () => once(files));
    const ms = all.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
    return { name, modules: all[0]!.modules, ms };
  });
  const everything = rows[rows.length - 1]!;
  const lines = [`entry points: require() in a fresh node, median of ${runs} runs; ratio = time / "${everything.name}"`];
  lines.push("entry                          modules    ms   ratio");
  for (const r of rows) {
    lines.push(
      `${r.name.padEnd(30)} ${String(r.modules).padStart(7)} ${String(Math.round(r.ms)).padStart(5)}   ${(r.ms / everything.ms).toFixed(2)}`,
    );
  }
  return lines;
}
