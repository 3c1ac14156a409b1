import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** Defaults for small rollout fixture inventories (valid realms from a few lines each). */
const DEFAULTS = `tier: dev
wave: 1
compliance: []
residency: us
network:
  zones: 2
state:
  aws: { bucket: "tf-{account}-{region}", region: "{region}" }
`;

export interface FixtureRealm {
  readonly id: string;
  readonly wave: number;
}

/** An inventory folder of single-cloud AWS realms with the given waves (each its own account). */
export function waveInventory(realms: readonly FixtureRealm[]): string {
  const dir = mkdtempSync(join(tmpdir(), "realmkit-waves-"));
  writeFileSync(join(dir, "_defaults.yaml"), DEFAULTS);
  realms.forEach((r, i) => {
    const account = String(100000000000 + i);
    writeFileSync(
      join(dir, `${r.id}.yaml`),
      [
        `realm: ${r.id}`,
        `wave: ${r.wave}`,
        "clouds:",
        "  - provider: aws",
        "    region: us-east-2",
        `    account: "${account}"`,
        `    planIdentity: arn:aws:iam::${account}:role/realmkit-plan`,
        `    deployIdentity: arn:aws:iam::${account}:role/realmkit-deploy`,
        `network: { cidr: 10.${i + 1}.0.0/16 }`,
        "",
      ].join("\n"),
    );
  });
  return dir;
}

/**
 * A fake `terraform` on PATH: real applies cannot run offline, so halting is tested against a
 * script that records when each apply starts and ends (by working-dir name), sleeps
 * FAKE_TF_SLEEP_<stack> seconds, and fails the stacks listed in FAKE_TF_FAIL.
 */
export function fakeTerraform(record: string): { binDir: string; env: NodeJS.ProcessEnv } {
  const binDir = mkdtempSync(join(tmpdir(), "realmkit-fake-tf-"));
  mkdirSync(binDir, { recursive: true });
  const script = `#!/usr/bin/env bash
set -u
stack="$(basename "$PWD")"
case "$1" in
  version) echo '{"terraform_version":"0.0.0-fake"}'; exit 0 ;;
  init) exit 0 ;;
  plan)
    echo "plan $stack $(date +%s%N)" >> "${record}"
    exit "\${FAKE_TF_PLAN_EXIT:-0}" ;;
  apply)
    echo "start $stack $(date +%s%N)" >> "${record}"
    var="FAKE_TF_SLEEP_\${stack//-/_}"
    sleep "\${!var:-0}"
    if [[ " \${FAKE_TF_FAIL:-} " == *" $stack "* ]]; then
      echo "end-failed $stack $(date +%s%N)" >> "${record}"
      printf 'Error: fake apply failure for %s\\n' "$stack" >&2
      exit 1
    fi
    echo "end $stack $(date +%s%N)" >> "${record}"
    exit 0 ;;
  *) echo "fake terraform: unexpected $*" >&2; exit 2 ;;
esac
`;
  const file = join(binDir, "terraform");
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return { binDir, env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}` } };
}

/**
 * `<plans>/synth/stacks/<stack>/cdk.tf.json`, `<plans>/<realm>/<stack>.tfplan` and its
 * `.plan.json` (with `resourceChanges`), as `realmkit plan` writes them.
 */
export function fakePlans(plansDir: string, stacks: readonly { realm: string; stackId: string }[], resourceChanges: unknown[] = []): void {
  for (const s of stacks) {
    mkdirSync(join(plansDir, "synth", "stacks", s.stackId), { recursive: true });
    writeFileSync(join(plansDir, "synth", "stacks", s.stackId, "cdk.tf.json"), "{}");
    mkdirSync(join(plansDir, s.realm), { recursive: true });
    writeFileSync(join(plansDir, s.realm, `${s.stackId}.tfplan`), "fake plan");
    writeFileSync(
      join(plansDir, s.realm, `${s.stackId}.plan.json`),
      JSON.stringify({ format_version: "1.2", resource_changes: resourceChanges }),
    );
  }
}

export interface RecordedEvent {
  readonly event: "start" | "end" | "end-failed";
  readonly stack: string;
  readonly at: number;
}

export function readRecord(text: string): RecordedEvent[] {
  return text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" "))
    .map(([event, stack, at]) => ({ event: event as RecordedEvent["event"], stack: stack!, at: Number(at) / 1e6 }));
}

/**
 * The plan records (`.plan-meta.json`) `realmkit plan` writes, for fake plans: the content hash
 * of each stack as `realmsDir` synthesizes it now (remote backend), unless `meta` overrides.
 */
export function recordPlans(
  plansDir: string,
  realmsDir: string,
  stacks: readonly { realm: string; stackId: string }[],
  meta: { offline?: boolean; createdAt?: string; stackHash?: string } = {},
): void {
  // Loaded here: only the tests that record plans pay for cdktf.
  const { loadInventory } = require("../../lib/model/inventory") as typeof import("../../lib/model/inventory");
  const { synthesize } = require("../../lib/stacks/synth") as typeof import("../../lib/stacks/synth");
  const { stackHash } = require("../../lib/rollout/stack-hash") as typeof import("../../lib/rollout/stack-hash");
  const { readFileSync, rmSync } = require("node:fs") as typeof import("node:fs");
  const out = mkdtempSync(join(tmpdir(), "realmkit-record-"));
  try {
    const hashes = new Map(
      synthesize(loadInventory(realmsDir), {
        backend: meta.offline ? "local" : "remote",
        offline: Boolean(meta.offline),
        outdir: join(out, "o"),
      }).map((s) => [s.stackId, stackHash(JSON.parse(readFileSync(s.file, "utf8")))]),
    );
    for (const s of stacks) {
      const record = {
        stackId: s.stackId,
        realm: s.realm,
        offline: Boolean(meta.offline),
        stackHash: meta.stackHash ?? hashes.get(s.stackId),
        createdAt: meta.createdAt ?? new Date().toISOString(),
        terraformVersion: "0.0.0-fake",
      };
      writeFileSync(join(plansDir, s.realm, `${s.stackId}.plan-meta.json`), JSON.stringify(record));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
