import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory } from "../lib/model/inventory";
import { evaluate } from "../lib/policy/engine";
import { inputsFor } from "../lib/policy/gate";
import { fromTerraformJson } from "../lib/policy/view/cdktf";

/**
 * `npm run bench:policy`: what watching rules for open values costs. The sample stacks are
 * evaluated as synthesized (no open values: no resource is watched), then with one open value
 * (`${var.note}`) added to every resource, which puts every check behind the watch. Prints the
 * ratio of the two, the number to compare across changes; absolute times vary with the machine.
 */
const ROOT = join(__dirname, "..");
const out = mkdtempSync(join(tmpdir(), "realmkit-bench-policy-"));
try {
  const synth = spawnSync(
    process.execPath,
    ["-r", "@swc-node/register", join(ROOT, "bin", "realmkit.ts"), "synth", "--realms", join(ROOT, "realms"), "--out", out, "--no-cache"],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (synth.status !== 0) throw new Error(`realmkit synth failed:\n${synth.stderr}`);
  const inventory = loadInventory(join(ROOT, "realms"));
  const dir = join(out, "stacks");
  const clean = readdirSync(dir).map(
    (id) => [id, JSON.parse(readFileSync(join(dir, id, "cdk.tf.json"), "utf8")) as Record<string, unknown>] as const,
  );
  const open = clean.map(([id, json]) => {
    const copy = JSON.parse(JSON.stringify(json)) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
    for (const byName of Object.values(copy.resource ?? {})) for (const body of Object.values(byName)) body.bench_note = "${var.note}";
    return [id, copy as Record<string, unknown>] as const;
  });
  const run = (stacks: typeof clean) =>
    evaluate(
      inputsFor(
        stacks.map(([id, json]) => ({ ...fromTerraformJson(json), stackId: id })),
        inventory,
      ),
    );
  const perRun = (stacks: typeof clean): number => {
    for (let i = 0; i < 3; i++) run(stacks);
    const started = performance.now();
    for (let i = 0; i < 10; i++) run(stacks);
    return (performance.now() - started) / 10;
  };
  const a = perRun(clean);
  const b = perRun(open);
  process.stdout.write(
    `guardrails on ${clean.length} sample stacks: ${a.toFixed(1)} ms as synthesized, ${b.toFixed(1)} ms with every resource watched; ratio ${(b / a).toFixed(2)}\n`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
