import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { driftedResources, driftMarkdown, recordedDrift } from "../../lib/rollout/drift";
import { gateMarkdown, recordedPlanGate, runGate, type HealthGate } from "../../lib/rollout/gate";
import { reviewMarkdown, reviewRecordedPlans } from "../../lib/rollout/review";

describe("health gate, drift report and plan review from what CI jobs recorded", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "realmkit-recorded-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const put = (path: string, value: unknown) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), typeof value === "string" ? value : JSON.stringify(value));
  };

  test("the gate passes only on an explicit empty plan for every stack of every realm", async () => {
    put("verify-wave-1-realm-a/verify-record.json", { stack: "realm-a", realm: "a", exitCode: 0 });
    put("verify-wave-1-realm-b/verify-record.json", { stack: "realm-b", realm: "b", exitCode: 2 });
    put("verify-wave-1-realm-c/verify-record.json", { stack: "realm-c", realm: "c", exitCode: 1 });
    put("junk/verify-record.json", "{not json");
    const stacksOf = (r: string) => (r === "d" ? ["realm-d", "realm-d-gcp"] : [`realm-${r}`]);
    const v = await runGate(recordedPlanGate(dir, stacksOf), 1, ["a", "b", "c", "d"]);
    expect(v.healthy).toBe(false);
    expect(v.results).toEqual([
      { realm: "a", healthy: true, reasons: [] },
      { realm: "b", healthy: false, reasons: ["realm-b: the plan is not empty after the apply"] },
      { realm: "c", healthy: false, reasons: ["realm-c: the check plan failed (terraform exit 1)"] },
      {
        realm: "d",
        healthy: false,
        reasons: [
          "realm-d: no check result was recorded (did its verify job run?)",
          "realm-d-gcp: no check result was recorded (did its verify job run?)",
        ],
      },
    ]);
    expect(gateMarkdown(v, 15)).toContain("### Wave 1: UNHEALTHY after 15 min bake; every later wave is stopped");
    expect((await runGate(recordedPlanGate(dir, stacksOf), 1, ["a"])).healthy).toBe(true);
  });

  test("a gate that throws, or leaves a realm out, fails the wave with the reason (a pluggable gate cannot pass by omission)", async () => {
    const throwing: HealthGate = async () => {
      throw new Error("monitor API down");
    };
    expect((await runGate(throwing, 0, ["a"])).results).toEqual([
      { realm: "a", healthy: false, reasons: ["the health gate failed: monitor API down"] },
    ]);
    const partial: HealthGate = async () => [{ realm: "a", healthy: true, reasons: [] }];
    const v = await runGate(partial, 0, ["a", "b"]);
    expect(v.healthy).toBe(false);
    expect(v.results[1]).toEqual({ realm: "b", healthy: false, reasons: ["the health gate returned no verdict for this realm"] });
  });

  test("drift: drifted resources come from resource_drift; a stack without a record is not in sync", () => {
    const plan = {
      resource_drift: [
        {
          address: "aws_s3_bucket.docs",
          mode: "managed",
          type: "aws_s3_bucket",
          name: "docs",
          provider_name: "aws",
          change: { actions: ["update"] },
        },
        {
          address: "aws_sqs_queue.q",
          mode: "managed",
          type: "aws_sqs_queue",
          name: "q",
          provider_name: "aws",
          change: { actions: ["delete"] },
        },
        {
          address: "data.aws_region.r",
          mode: "data",
          type: "aws_region",
          name: "r",
          provider_name: "aws",
          change: { actions: ["update"] },
        },
      ],
    };
    expect(driftedResources(plan as never).map((d) => `${d.address} ${d.actions}`)).toEqual([
      "aws_s3_bucket.docs update",
      "aws_sqs_queue.q delete",
    ]);
    put("drift-realm-a/drift-record.json", { stack: "realm-a", realm: "a", exitCode: 2 });
    put("drift-realm-a/drift.json", plan);
    put("drift-realm-b/drift-record.json", { stack: "realm-b", realm: "b", exitCode: 0 });
    const results = recordedDrift(dir, [
      { stackId: "realm-a", realm: "a" },
      { stackId: "realm-b", realm: "b" },
      { stackId: "realm-c", realm: "c" },
    ]);
    expect(results.map((r) => r.status)).toEqual(["drifted", "in-sync", "failed"]);
    const md = driftMarkdown(results);
    expect(md).toContain("### Drift: 1 drifted, 1 not checked, 1 in sync");
    expect(md).toContain("| a | realm-a | drifted | aws_s3_bucket.docs (update), aws_sqs_queue.q (delete) |");
  });

  test("drift: exit 2 with nothing in resource_drift or output_changes is in sync (terraform rewrites the state on a clean refresh)", () => {
    put("drift-realm-a/drift-record.json", { stack: "realm-a", realm: "a", exitCode: 2 });
    put("drift-realm-a/drift.json", { format_version: "1.2", applyable: true, prior_state: {} });
    put("drift-realm-b/drift-record.json", { stack: "realm-b", realm: "b", exitCode: 2 });
    put("drift-realm-b/drift.json", { output_changes: { endpoint: { actions: ["update"] }, same: { actions: ["no-op"] } } });
    const [a, b] = recordedDrift(dir, [
      { stackId: "realm-a", realm: "a" },
      { stackId: "realm-b", realm: "b" },
    ]);
    expect(a).toMatchObject({ status: "in-sync", resources: [] });
    expect(b).toMatchObject({ status: "drifted" });
  });

  test("plan review: counts and the destructive-change gate's verdict per recorded plan", () => {
    const replaceDb = {
      address: "aws_db_instance.db",
      mode: "managed",
      type: "aws_db_instance",
      name: "db",
      provider_name: "aws",
      change: { actions: ["delete", "create"] },
    };
    put("plan-wave-0-realm-a/plan-record.json", { stack: "realm-a", realm: "a", exitCode: 0 });
    put("plan-wave-0-realm-a/plan.json", { resource_changes: [replaceDb] });
    put("plan-wave-0-realm-b/plan-record.json", { stack: "realm-b", realm: "b", exitCode: 0 });
    put("plan-wave-0-realm-b/plan.json", { resource_changes: [] });
    const plans = reviewRecordedPlans(dir);
    expect(plans.map((p) => [p.stack, p.check?.blocked.length])).toEqual([
      ["realm-a", 1],
      ["realm-b", 0],
    ]);
    const md = reviewMarkdown(plans);
    expect(md).toContain(
      "| a | realm-a | 1 | 0 | 1 | 1 replace (replace aws_db_instance.db: replaced: a new resource takes its place) | BLOCKED replace database aws_db_instance.db |",
    );
    expect(md).toContain("| b | realm-b | 0 | 0 | 0 | no interruption | passes |");
    expect(reviewRecordedPlans(dir, ["aws_db_instance.db"])[0]!.check!.blocked).toEqual([]);
    expect(readFileSync(join(dir, "plan-wave-0-realm-b/plan.json"), "utf8")).toBe('{"resource_changes":[]}');
  });
});
