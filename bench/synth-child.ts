import { loadInventory } from "../lib/model/inventory";
import { synthesize } from "../lib/stacks/synth";

/** One measured synthesis, in its own process so peak memory is this run's alone. */
const [dir, outdir] = process.argv.slice(2) as [string, string];
const started = performance.now();
const inventory = loadInventory(dir);
const loaded = performance.now();
const stacks = synthesize(inventory, { backend: "remote", outdir });
const done = performance.now();
process.stdout.write(
  JSON.stringify({
    realms: inventory.realms.length,
    stacks: stacks.length,
    loadMs: Math.round(loaded - started),
    synthMs: Math.round(done - loaded),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
