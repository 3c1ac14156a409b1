import { cdkRuntime } from "../lib/cdktf/runtime";
import { loadInventory } from "../lib/model/inventory";
import { synthesize } from "../lib/stacks/synth";

/**
 * One side of `npm run compare:cdktn`: synthesizes the AWS stacks of the realms in REALMS_DIR
 * into OUT_DIR, on whatever `require("cdktf")` answers (cdktn under cdktn-preload.ts), and
 * prints `{ runtime, stacks }` as JSON. Same code path on both sides, so only the runtime differs.
 */
const [realmsDir, outDir] = process.argv.slice(2);
if (!realmsDir || !outDir) throw new Error("usage: cdktn-synth.ts REALMS_DIR OUT_DIR");
const inventory = loadInventory(realmsDir);
const aws = inventory.realms
  .filter((r) => r.targets.some((t) => t.provider === "aws"))
  .map((r) => ({ ...r, targets: r.targets.filter((t) => t.provider === "aws") }));
const stacks = synthesize({ ...inventory, realms: aws }, { backend: "remote", outdir: outDir });
process.stdout.write(JSON.stringify({ runtime: cdkRuntime(), stacks: stacks.map((s) => s.stackId) }));
