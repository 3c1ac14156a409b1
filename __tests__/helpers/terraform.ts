import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Tests that run the real terraform CLI. In CI (CI set) a missing terraform or provider mirror
 * FAILS them with the reason: a skipped plan test would hide exactly the regression it guards.
 * Locally, REALMKIT_SKIP_TERRAFORM_TESTS=1 turns that failure into a skip.
 */
export const MIRROR = process.env.REALMKIT_PROVIDER_MIRROR;

function terraformProblem(needsMirror: boolean): string | undefined {
  const tf = spawnSync("terraform", ["version"], { encoding: "utf8", timeout: 120_000 });
  if (tf.error || tf.status !== 0) {
    return "terraform is not on PATH: these tests run the real terraform CLI. Install terraform >= 1.5 (.ci/run expects it on the machine).";
  }
  if (needsMirror && !MIRROR) {
    return "REALMKIT_PROVIDER_MIRROR is not set: these tests plan against the real hashicorp/aws provider offline. Point it at a terraform filesystem mirror holding hashicorp/aws 5.100.0 (e.g. REALMKIT_PROVIDER_MIRROR=/opt/tf-plugins; .ci/run sets it when /opt/tf-plugins exists).";
  }
  if (needsMirror && MIRROR && !existsSync(MIRROR)) return `REALMKIT_PROVIDER_MIRROR=${MIRROR} does not exist.`;
  return undefined;
}

const SKIP = process.env.REALMKIT_SKIP_TERRAFORM_TESTS === "1" && !process.env.CI;

/** `describe` for terraform tests: runs, fails loudly with the reason, or (locally, on request) skips. */
export function describeTerraform(name: string, options: { mirror: boolean }, body: () => void): void {
  const problem = terraformProblem(options.mirror);
  if (!problem) return describe(name, body);
  // biome-ignore lint/suspicious/noSkippedTests: an explicit local opt-in (REALMKIT_SKIP_TERRAFORM_TESTS), never in CI
  if (SKIP) return describe.skip(name, body);
  describe(name, () => {
    test("terraform and the provider mirror are available", () => {
      throw new Error(`${problem}\nLocally (never in CI) REALMKIT_SKIP_TERRAFORM_TESTS=1 skips these tests.`);
    });
  });
}

/**
 * One plugin cache for every terraform test, as in real use: concurrent inits share it. It is
 * a cache that outlives runs on purpose (node_modules/.cache, like other tools' caches), not a
 * temp folder: the AWS provider is 675 MB.
 */
export function testPluginCache(): string {
  const dir = join(__dirname, "..", "..", "node_modules", ".cache", "realmkit-test-plugin-cache");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A stack folder with a `cdk.tf.json` (tiny hand-written stacks for runner tests). */
export function writeStack(root: string, stackId: string, json: unknown): string {
  const dir = join(root, "stacks", stackId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
  return dir;
}

/**
 * A stack of `terraform_data` resources: built into terraform itself, so it plans AND applies
 * for real with no provider and no network. `fail` adds a local-exec provisioner that exits 1,
 * a genuine apply-time failure.
 */
export function dataStack(values: Record<string, string>, options: { fail?: boolean; statePath?: string } = {}): unknown {
  const resources = Object.fromEntries(
    Object.entries(values).map(([name, input]) => [
      name,
      { input, ...(options.fail ? { provisioner: [{ "local-exec": { command: "echo boom >&2; exit 1" } }] } : {}) },
    ]),
  );
  return {
    terraform: { backend: { local: { path: options.statePath ?? "terraform.tfstate" } } },
    resource: { terraform_data: resources },
    output: { inputs: { value: Object.fromEntries(Object.keys(values).map((n) => [n, `\${terraform_data.${n}.output}`])) } },
  };
}
