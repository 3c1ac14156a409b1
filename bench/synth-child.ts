import { readFileSync } from "node:fs";
import { loadInventory } from "../lib/model/inventory";
import { evaluateStackFiles } from "../lib/policy/gate";
import { summarize } from "../lib/policy/report";
import { synthesize } from "../lib/stacks/synth";
import { checkStructure } from "../lib/verify";

/**
 * One measured `realmkit synth` (load, synthesize, structural check and guardrails), in its
 * own process so peak memory is this run's alone.
 */
const [dir, outdir] = process.argv.slice(2) as [string, string];
const started = performance.now();
const inventory = loadInventory(dir);
const loaded = performance.now();
let checksMs = 0;
const stacks = synthesize(inventory, {
  backend: "remote",
  outdir,
  beforeCommit: (staged) => {
    const t = performance.now();
    const problems = staged.flatMap((s) => checkStructure(JSON.parse(readFileSync(s.file, "utf8")) as object, s.stackId));
    const result = evaluateStackFiles(inventory, staged);
    checksMs = performance.now() - t;
    if (problems.length > 0 || summarize(result).violations > 0) throw new Error("the generated inventory failed its checks");
  },
});
const done = performance.now();
process.stdout.write(
  JSON.stringify({
    realms: inventory.realms.length,
    stacks: stacks.length,
    loadMs: Math.round(loaded - started),
    synthMs: Math.round(done - loaded - checksMs),
    checksMs: Math.round(checksMs),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
