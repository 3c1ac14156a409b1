import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RealmkitError } from "../../lib/config/errors";
import { TerraformCli } from "../../lib/terraform/cli";
import { PlanRunner, type PlanPhase } from "../../lib/terraform/runner";
import { dataStack, describeTerraform, MIRROR, testPluginCache, writeStack } from "../helpers/terraform";

describeTerraform("plan runner with the real terraform CLI", { mirror: true }, () => {
  let root: string;
  let runner: PlanRunner;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-runner-"));
    const terraform = new TerraformCli({
      baseEnv: process.env,
      pluginCacheDir: testPluginCache(),
      mirror: MIRROR,
      offline: true,
      configDir: join(root, "out"),
    });
    runner = new PlanRunner({ terraform, outDir: join(root, "out"), concurrency: 2 });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("plans a stack: init, plan -out (which validates), show -json; plan file, plan JSON and log per realm", async () => {
    const dir = writeStack(root, "realm-one", dataStack({ a: "1", b: "2" }));
    const phases: PlanPhase[] = [];
    const r = await runner.planStack({ stackId: "realm-one", realm: "one", provider: "aws", dir }, (p) => phases.push(p));
    expect(r).toMatchObject({ status: "planned", summary: { add: 2, change: 0, destroy: 0, destructive: [] } });
    expect(phases).toEqual(["queued", "init", "plan", "show"]);
    expect(r.initReused).toBe(false);
    expect(r.planFile).toBe(join(root, "out", "one", "realm-one.tfplan"));
    expect(existsSync(r.planFile!)).toBe(true);
    const plan = JSON.parse(readFileSync(r.planJsonFile!, "utf8"));
    expect(plan.resource_changes.map((c: { address: string }) => c.address)).toEqual(["terraform_data.a", "terraform_data.b"]);
    const log = readFileSync(r.logFile, "utf8");
    for (const cmd of ["init -input=false", "plan -input=false -no-color -out=", "show -json"]) expect(log).toContain(cmd);
    // A successful plan has validated the configuration: no separate validate run.
    expect(log).not.toContain("validate -json");
    expect(Object.keys(r.ms).sort()).toEqual(["init", "plan", "show", "total"]);
  });

  test("a re-plan of an initialised folder skips init; a changed backend initialises again", async () => {
    const target = { stackId: "realm-again", realm: "again", provider: "aws", dir: writeStack(root, "realm-again", dataStack({ a: "1" })) };
    const first = await runner.planStack(target);
    expect(first).toMatchObject({ status: "planned", initReused: false, summary: { add: 1 } });
    const phases: PlanPhase[] = [];
    const second = await runner.planStack(target, (p) => phases.push(p));
    expect(second).toMatchObject({ status: "planned", initReused: true, summary: { add: 1 } });
    expect(phases).toEqual(["queued", "plan", "show"]);
    const log = readFileSync(second.logFile, "utf8");
    expect(log).toContain("# terraform init skipped");
    expect(log).not.toContain("$ terraform init");

    writeStack(root, "realm-again", dataStack({ a: "1" }, { statePath: "other.tfstate" }));
    const third = await runner.planStack(target);
    expect(third).toMatchObject({ status: "planned", initReused: false, summary: { add: 1 } });
    expect(readFileSync(third.logFile, "utf8")).toContain("$ terraform init");
  });

  test("plans the real AWS provider from the mirror offline (dummy credentials, no network)", async () => {
    const dir = writeStack(root, "realm-aws", {
      terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } }, backend: { local: { path: "terraform.tfstate" } } },
      provider: {
        aws: [
          { region: "eu-central-1", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: "true" },
        ],
      },
      resource: { aws_sns_topic: { alerts: { name: "ibc-test-alerts" } } },
    });
    const r = await runner.planStack({ stackId: "realm-aws", realm: "aws", provider: "aws", dir });
    expect(r.reason).toBeUndefined();
    expect(r).toMatchObject({ status: "planned", summary: { add: 1, change: 0, destroy: 0 } });
  });

  test("a fresh folder beside one initialised for the same providers takes its init; a broken one is caught by plan and init runs", async () => {
    const awsStack = (topic: string) => ({
      terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } }, backend: { local: { path: "terraform.tfstate" } } },
      provider: {
        aws: [
          { region: "eu-west-1", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: "true" },
        ],
      },
      resource: { aws_sns_topic: { alerts: { name: topic } } },
    });
    const seedRoot = join(root, "seed");
    const plan = (id: string) => runner.planStack({ stackId: id, realm: id, provider: "aws", dir: writeStack(seedRoot, id, awsStack(id)) });
    const first = await plan("realm-s1");
    expect(first).toMatchObject({ status: "planned", initReused: false });
    expect(first.initSeededFrom).toBeUndefined();
    const phases: PlanPhase[] = [];
    const second = await runner.planStack(
      { stackId: "realm-s2", realm: "realm-s2", provider: "aws", dir: writeStack(seedRoot, "realm-s2", awsStack("realm-s2")) },
      (p) => phases.push(p),
    );
    expect(second).toMatchObject({ status: "planned", initSeededFrom: join(seedRoot, "stacks", "realm-s1"), summary: { add: 1 } });
    expect(phases).toEqual(["queued", "plan", "show"]);
    expect(readFileSync(second.logFile, "utf8")).toContain("# terraform init skipped: provider links and lock file taken from");
    expect(readFileSync(second.logFile, "utf8")).not.toContain("$ terraform init");

    // A sibling whose provider link resolves to the wrong folder passes the stamp check but
    // not terraform: the seeded plan fails, init runs, and the plan succeeds.
    const link = join(
      seedRoot,
      "stacks",
      "realm-s1",
      ".terraform",
      "providers",
      "registry.terraform.io",
      "hashicorp",
      "aws",
      "5.100.0",
      "linux_amd64",
    );
    rmSync(link);
    mkdirSync(link);
    const third = await plan("realm-s3");
    expect(third).toMatchObject({ status: "planned", summary: { add: 1 } });
    const log = readFileSync(third.logFile, "utf8");
    expect(log.indexOf("taken from")).toBeGreaterThan(-1);
    expect(log.indexOf("$ terraform init")).toBeGreaterThan(log.indexOf("taken from"));
  });

  test("a provider missing from the mirror is SKIPPED with the reason, without running terraform", async () => {
    const dir = writeStack(root, "realm-gcp", {
      terraform: { required_providers: { google: { source: "google", version: "6.50.0" } } },
      resource: { google_storage_bucket: { b: { name: "x", location: "EU" } } },
    });
    const r = await runner.planStack({ stackId: "realm-gcp", realm: "gcp", provider: "gcp", dir });
    expect(r.status).toBe("skipped");
    expect(r.reason).toContain("provider registry.terraform.io/hashicorp/google 6.50.0 is not installed in the provider mirror");
    expect(readFileSync(r.logFile, "utf8")).toContain("SKIPPED: provider registry.terraform.io/hashicorp/google");
    expect(readFileSync(r.logFile, "utf8")).not.toContain("$ terraform");
  });

  test("an invalid stack fails (plan, then validate for its diagnostics) with terraform's message; others are unaffected", async () => {
    const bad = writeStack(root, "realm-bad", { resource: { terraform_data: { x: { input: "${terraform_data.missing.output}" } } } });
    const good = writeStack(root, "realm-good", dataStack({ c: "3" }));
    const [b, g] = await runner.planAll([
      { stackId: "realm-bad", realm: "bad", provider: "aws", dir: bad },
      { stackId: "realm-good", realm: "good", provider: "aws", dir: good },
    ]);
    expect(b).toMatchObject({ status: "failed", failedStep: "validate" });
    expect(b!.reason).toContain("Reference to undeclared resource");
    expect(Object.keys(b!.ms).sort()).toEqual(["init", "plan", "total", "validate"]);
    expect(g).toMatchObject({ status: "planned", summary: { add: 1 } });
  });

  test("an unexpected error (no cdk.tf.json) fails that stack with the reason instead of crashing the run", async () => {
    const r = await runner.planStack({ stackId: "realm-gone", realm: "gone", provider: "aws", dir: join(root, "stacks", "realm-gone") });
    expect(r).toMatchObject({ status: "failed", failedStep: "init" });
    expect(r.reason).toContain("ENOENT");
  });

  test("a missing terraform is a clear RealmkitError before any stack starts", async () => {
    const terraform = new TerraformCli({
      bin: join(root, "no-such-terraform"),
      baseEnv: process.env,
      pluginCacheDir: testPluginCache(),
      offline: true,
      configDir: join(root, "missing"),
    });
    const missing = new PlanRunner({ terraform, outDir: join(root, "missing") });
    const dir = writeStack(root, "realm-x", dataStack({ a: "1" }));
    const err = await missing.planStack({ stackId: "realm-x", realm: "x", provider: "aws", dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RealmkitError);
    expect(err).toMatchObject({ code: "RK-TF-MISSING" });
    expect((err as RealmkitError).message).toContain("the terraform CLI was not found");
  });
});

describe("plan runner: a provider re-installed under a running plan", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-runner-gone-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("a plan that finds its provider gone from the cache runs init and plan again, even after a fresh init", async () => {
    // The real race (another init re-creating the cache entry) cannot be timed in a test: a
    // fake terraform fails the first plan with terraform's own words, then succeeds.
    const bin = join(root, "terraform");
    writeFileSync(
      bin,
      `#!/usr/bin/env bash
case "$1" in
  version) echo '{"terraform_version":"0.0.0-fake"}' ;;
  init) echo init >> "$PWD/calls" ;;
  plan)
    echo plan >> "$PWD/calls"
    if [ "$(grep -c plan "$PWD/calls")" = 1 ]; then
      printf 'Error: Required plugins are not installed\\n\\nthere is no package for registry.terraform.io/hashicorp/aws 5.100.0 cached in .terraform/providers\\n' >&2
      exit 1
    fi ;;
  show) echo '{"format_version":"1.2","resource_changes":[]}' ;;
esac
`,
    );
    chmodSync(bin, 0o755);
    const terraform = new TerraformCli({
      bin,
      baseEnv: process.env,
      pluginCacheDir: join(root, "cache"),
      offline: true,
      configDir: join(root, "out"),
    });
    const runner = new PlanRunner({ terraform, outDir: join(root, "out") });
    const dir = writeStack(root, "realm-gone", dataStack({ a: "1" }));
    const r = await runner.planStack({ stackId: "realm-gone", realm: "gone", provider: "aws", dir });
    expect(r.reason).toBeUndefined();
    expect(r.status).toBe("planned");
    expect(readFileSync(join(dir, "calls"), "utf8")).toBe("init\nplan\ninit\nplan\n");
  });
});
