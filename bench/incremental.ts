import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateInventory } from "./inventory";
import { alternate, timed } from "./run";

/**
 * The issue 15 §1 pair alone, as bench/loop.ts measures it: a cold full synth (empty synth
 * cache) against a synth after editing one realm (warm cache), alternately, with the built CLI.
 * A quick check while working on the incremental path; `npm run bench` gives the whole table.
 * BENCH_CODE_ROOT runs another build (e.g. an older commit's `dist/`) on the same inventory.
 *   npm run build && node -r @swc-node/register bench/incremental.ts
 */
const ROOT = resolve(__dirname, "..");
const code = resolve(process.env.BENCH_CODE_ROOT ?? ROOT);
const count = Number(process.env.BENCH_LOOP_REALMS ?? 100);
const rounds = Number(process.env.BENCH_RUNS ?? 3);

const work = mkdtempSync(join(tmpdir(), "realmkit-bench-incr-"));
try {
  const realms = generateInventory(join(ROOT, "realms"), count);
  cpSync(realms, join(work, "realms"), { recursive: true });
  rmSync(realms, { recursive: true, force: true });
  const cache = join(work, ".synth-cache");
  const env = { REALMKIT_SYNTH_CACHE_DIR: cache, REALMKIT_PROGRESS: "off" };
  const synth = () =>
    timed(process.execPath, [join(code, "dist", "bin", "realmkit.js"), "synth", "--realms", "realms", "--out", "out"], { cwd: work, env });
  const editable = readdirSync(join(work, "realms"))
    .filter((f) => f.endsWith(".yaml") && !f.startsWith("_"))
    .find((f) => /^tags: \{ /m.test(readFileSync(join(work, "realms", f), "utf8")))!;
  let edits = 0;
  const editRealm = () => {
    const file = join(work, "realms", editable);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^tags: \{ (bench-edit: "\d+", )?/m, `tags: { bench-edit: "${++edits}", `));
  };
  synth(); // compile caches
  const pair = alternate(
    rounds,
    () => {
      rmSync(cache, { recursive: true, force: true });
      return synth().ms;
    },
    () => {
      synth();
      editRealm();
      return synth().ms;
    },
  );
  console.log(`${count} realms, ${rounds} rounds, code ${code}`);
  console.log(
    `cold full synth ${pair.as.join(", ")} ms (median ${pair.a}); after editing one realm ${pair.bs.join(", ")} ms (median ${pair.b})`,
  );
  console.log(`synth after editing one realm vs cold full synth: ${(pair.b / pair.a).toFixed(2)} (target <= 0.2)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
