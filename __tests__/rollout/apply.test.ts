import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RealmkitError } from "../../lib/config/errors";
import { applyStacks, applyTargets } from "../../lib/rollout/apply";
import { guardWave } from "../../lib/rollout/guard";
import { TerraformCli } from "../../lib/terraform/cli";
import { PlanRunner } from "../../lib/terraform/runner";
import { fakePlans, fakeTerraform, readRecord } from "../helpers/rollout";
import { dataStack, describeTerraform, testPluginCache, writeStack } from "../helpers/terraform";

const stacks = (...ids: string[]) => ids.map((id) => ({ realm: id, stackId: `realm-${id}` }));

describe("applying a wave's saved plans: halting (fake terraform on PATH)", () => {
  let root: string;
  let record: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-apply-"));
    record = join(root, "record.txt");
    env = fakeTerraform(record).env;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const run = (ids: string[], concurrency: number, extraEnv: Record<string, string>) => {
    const plans = join(root, "plans");
    fakePlans(plans, stacks(...ids));
    const terraform = new TerraformCli({
      baseEnv: { ...env, ...extraEnv },
      pluginCacheDir: join(root, "cache"),
      offline: false,
      configDir: plans,
    });
    return applyStacks(applyTargets(plans, stacks(...ids)), { terraform, concurrency });
  };

  test("the first failure stops new stacks; the one already running finishes", async () => {
    const results = await run(["a", "b", "c", "d", "e"], 2, { FAKE_TF_FAIL: "realm-b", FAKE_TF_SLEEP_realm_a: "1" });
    expect(results.map((r) => [r.stackId, r.status])).toEqual([
      ["realm-a", "applied"],
      ["realm-b", "failed"],
      ["realm-c", "not-started"],
      ["realm-d", "not-started"],
      ["realm-e", "not-started"],
    ]);
    expect(results[1]!.reason).toBe("Error: fake apply failure for realm-b");
    const events = readRecord(readFileSync(record, "utf8"));
    expect(
      events
        .filter((e) => e.event === "start")
        .map((e) => e.stack)
        .sort(),
    ).toEqual(["realm-a", "realm-b"]);
    // realm-a was still running when realm-b failed, and it was allowed to finish.
    const failedAt = events.find((e) => e.event === "end-failed")!.at;
    expect(events.find((e) => e.event === "end" && e.stack === "realm-a")!.at).toBeGreaterThan(failedAt);
  });

  test("one at a time: stacks before the failure are applied, those after never start", async () => {
    const results = await run(["a", "b", "c", "d"], 1, { FAKE_TF_FAIL: "realm-c" });
    expect(results.map((r) => r.status)).toEqual(["applied", "applied", "failed", "not-started"]);
    expect(readRecord(readFileSync(record, "utf8")).map((e) => `${e.event} ${e.stack}`)).toEqual([
      "start realm-a",
      "end realm-a",
      "start realm-b",
      "end realm-b",
      "start realm-c",
      "end-failed realm-c",
    ]);
  });

  test("without failures every stack is applied, never more than `concurrency` at once", async () => {
    const sleeps = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((id) => [`FAKE_TF_SLEEP_realm_${id}`, "0.2"]));
    const results = await run(["a", "b", "c", "d", "e", "f"], 3, sleeps);
    expect(results.every((r) => r.status === "applied")).toBe(true);
    const events = readRecord(readFileSync(record, "utf8")).sort((x, y) => x.at - y.at);
    let running = 0;
    let peak = 0;
    for (const e of events) {
      running += e.event === "start" ? 1 : -1;
      peak = Math.max(peak, running);
    }
    expect(peak).toBe(3);
  });

  test("a stack without a saved plan refuses the whole wave before anything starts", () => {
    const plans = join(root, "plans");
    fakePlans(plans, stacks("a"));
    expect(() => applyTargets(plans, stacks("a", "b"))).toThrow(RealmkitError);
    expect(() => applyTargets(plans, stacks("a", "b"))).toThrow(/no saved plan in .* for realm-b/);
    expect(existsSync(record)).toBe(false);
  });
});

describe("destructive-change guard before a wave (the guardrails' plan-check)", () => {
  let plans: string;
  beforeEach(() => {
    plans = mkdtempSync(join(tmpdir(), "realmkit-guard-"));
  });
  afterEach(() => rmSync(plans, { recursive: true, force: true }));
  const replaceDb = {
    address: "aws_db_instance.database_postgres_ABC",
    mode: "managed",
    type: "aws_db_instance",
    name: "database_postgres_ABC",
    change: { actions: ["delete", "create"] },
    action_reason: "replace_because_cannot_update",
  };
  const deleteRoute = { address: "aws_route.x", mode: "managed", type: "aws_route", name: "x", change: { actions: ["delete"] } };

  test("a plan that replaces a database refuses the whole wave, naming stack and address", () => {
    fakePlans(plans, stacks("a"));
    fakePlans(plans, stacks("b"), [replaceDb, deleteRoute]);
    expect(() => guardWave(plans, stacks("a", "b"))).toThrow(
      expect.objectContaining({
        code: "RK-ROLLOUT-DESTRUCTIVE",
        message: expect.stringContaining("realm-b: replace database aws_db_instance.database_postgres_ABC"),
      }),
    );
  });

  test("--allow-destroy for the address lets it through; non-stateful deletes never block", () => {
    fakePlans(plans, stacks("b"), [replaceDb, deleteRoute]);
    expect(() => guardWave(plans, stacks("b"), ["aws_db_instance.database_*"])).not.toThrow();
    fakePlans(plans, stacks("c"), [deleteRoute]);
    expect(() => guardWave(plans, stacks("c"))).not.toThrow();
  });
});

describeTerraform("applying saved plans with the real terraform CLI", { mirror: false }, () => {
  let plans: string;
  let terraform: TerraformCli;
  beforeAll(() => {
    plans = mkdtempSync(join(tmpdir(), "realmkit-real-apply-"));
    terraform = new TerraformCli({ baseEnv: process.env, pluginCacheDir: testPluginCache(), offline: true, configDir: plans });
  });
  afterAll(() => rmSync(plans, { recursive: true, force: true }));

  // terraform_data is built into terraform: these plans apply for real with no provider or network.
  const plan = async (id: string, json: unknown) => {
    const dir = writeStack(join(plans, "synth"), `realm-${id}`, json);
    const r = await new PlanRunner({ terraform, outDir: plans }).planStack({ stackId: `realm-${id}`, realm: id, provider: "aws", dir });
    expect(r.status).toBe("planned");
    return dir;
  };
  const state = (id: string) => JSON.parse(readFileSync(join(plans, "synth", "stacks", `realm-${id}`, "terraform.tfstate"), "utf8"));

  test("a wave's saved plans are applied: state holds exactly the planned resources", async () => {
    await plan("one", dataStack({ a: "alpha" }));
    await plan("two", dataStack({ b: "beta", c: "gamma" }));
    const results = await applyStacks(applyTargets(plans, stacks("one", "two")), { terraform, concurrency: 2 });
    expect(results.map((r) => r.status)).toEqual(["applied", "applied"]);
    expect(state("two").outputs.inputs.value).toEqual({ b: "beta", c: "gamma" });
    expect(state("one").resources.map((r: { name: string }) => r.name)).toEqual(["a"]);
    expect(readFileSync(results[0]!.logFile, "utf8")).toContain("Apply complete! Resources: 1 added, 0 changed, 0 destroyed.");
  });

  test("a real apply failure halts the wave: later stacks keep their state untouched", async () => {
    await plan("first", dataStack({ a: "1" }));
    await plan("broken", dataStack({ b: "2" }, { fail: true }));
    await plan("later", dataStack({ c: "3" }));
    const results = await applyStacks(applyTargets(plans, stacks("first", "broken", "later")), { terraform, concurrency: 1 });
    expect(results.map((r) => r.status)).toEqual(["applied", "failed", "not-started"]);
    expect(results[1]!.reason).toContain("local-exec provisioner error");
    expect(existsSync(join(plans, "synth", "stacks", "realm-later", "terraform.tfstate"))).toBe(false);
  });

  test("a plan whose state moved on is refused by terraform (stale plan), never re-planned silently", async () => {
    await plan("stale", dataStack({ a: "1" }));
    const [first] = await applyStacks(applyTargets(plans, stacks("stale")), { terraform });
    expect(first!.status).toBe("applied");
    const [again] = await applyStacks(applyTargets(plans, stacks("stale")), { terraform });
    expect(again!.status).toBe("failed");
    expect(again!.reason).toMatch(/Saved plan is stale/);
  });
});
