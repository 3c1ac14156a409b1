import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadRealms } from "../lib/config/load";
import { checkRealmSecrets } from "../lib/model/secret-values";
import { forgetScans } from "../lib/secrets/detect";
import { evaluate } from "../lib/policy/engine";
import { ALL_RULES } from "../lib/policy/rules";
import { fromTerraformJson } from "../lib/policy/view/cdktf";
import { generateInventory } from "./inventory";

/**
 * `npm run bench:secrets`: what secret detection costs on a generated inventory (100 realms by
 * default, BENCH_REALMS to change): RK-NO-SECRETS over every synthesized stack and the realm-value
 * check over every realm, each as a ratio of the whole `realmkit synth` of that inventory.
 */
const ROOT = join(__dirname, "..");
const count = Number(process.env.BENCH_REALMS ?? 100);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (f: () => void): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

const dir = generateInventory(join(ROOT, "realms"), count);
const out = `${dir}-out`;
try {
  const synthMs = median(
    Array.from({ length: 3 }, () => {
      const started = performance.now();
      const child = spawnSync(
        process.execPath,
        ["-r", "@swc-node/register", join(ROOT, "bin", "realmkit.ts"), "synth", "--realms", dir, "--out", out],
        { cwd: ROOT, encoding: "utf8" },
      );
      if (child.status !== 0) throw new Error(`synth failed:\n${child.stderr}`);
      return performance.now() - started;
    }),
  );
  const stacks = readdirSync(join(out, "stacks")).map((s) =>
    fromTerraformJson(JSON.parse(readFileSync(join(out, "stacks", s, "cdk.tf.json"), "utf8")) as Record<string, unknown>, s),
  );
  const rule = ALL_RULES.find((r) => r.id === "RK-NO-SECRETS")!;
  const strings = stacks.reduce((n, v) => n + JSON.stringify(v).length, 0);
  evaluate([{ view: stacks[0]! }], { rules: [rule] }); // loads secretlint's preset once, as a synth does
  // Each run forgets earlier scans: `realmkit synth` scans once per process, with nothing remembered.
  const once = (f: () => void) => () => {
    forgetScans();
    return time(f);
  };
  const ruleMs = median(
    Array.from(
      { length: runs },
      once(() =>
        evaluate(
          stacks.map((view) => ({ view })),
          { rules: [rule] },
        ),
      ),
    ),
  );
  const realms = loadRealms(dir).realms;
  const realmMs = median(
    Array.from(
      { length: runs },
      once(() => realms.forEach(checkRealmSecrets)),
    ),
  );
  const pct = (ms: number) => `${((100 * ms) / synthMs).toFixed(1)}%`;
  console.log(
    `${count} realms, ${stacks.length} stacks (${Math.round(strings / 1024)} KiB of stack JSON); realmkit synth ${Math.round(synthMs)} ms`,
  );
  console.log(`RK-NO-SECRETS over every stack: ${ruleMs.toFixed(0)} ms = ${pct(ruleMs)} of synth`);
  console.log(`realm-value secret check over every realm: ${realmMs.toFixed(0)} ms = ${pct(realmMs)} of synth`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
