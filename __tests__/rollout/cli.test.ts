import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakePlans, fakeTerraform, readRecord, recordPlans, waveInventory } from "../helpers/rollout";

const REPO = join(__dirname, "..", "..");

function realmkit(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, ["-r", "@swc-node/register", join(REPO, "bin", "realmkit.ts"), ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...env, CI: "true" },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("realmkit rollout / plan / changed on the command line", () => {
  let realms: string;
  let work: string;
  beforeAll(() => {
    realms = waveInventory([
      { id: "big1", wave: 2 },
      { id: "can1", wave: 0 },
      { id: "mid1", wave: 1 },
      { id: "mid2", wave: 1 },
      { id: "mid3", wave: 1 },
    ]);
    work = mkdtempSync(join(tmpdir(), "realmkit-cli-"));
  });
  afterAll(() => {
    rmSync(realms, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  test("rollout (dry run) prints the waves in order, canary first, and applies nothing", () => {
    const r = realmkit(["rollout", "--realms", realms, "--plans", join(work, "none")]);
    expect(r.code).toBe(0);
    const waves = r.stdout.split("\n").filter((l) => l.startsWith("wave "));
    expect(waves).toEqual(["wave 0 (canary: first): can1", "wave 1: mid1, mid2, mid3", "wave 2: big1"]);
    expect(r.stdout).toMatch(/realm-can1\s+aws\s+us-east-2\s+no saved plan/);
    expect(r.stdout).toContain("dry run: nothing applied");
  });

  test("rollout --json lists waves with their stacks", () => {
    const r = realmkit(["rollout", "--realms", realms, "--json", "--plans", join(work, "none")]);
    const waves = JSON.parse(r.stdout) as { wave: number; realms: string[]; stacks: { stackId: string; savedPlan: boolean }[] }[];
    expect(waves.map((w) => [w.wave, w.realms])).toEqual([
      [0, ["can1"]],
      [1, ["mid1", "mid2", "mid3"]],
      [2, ["big1"]],
    ]);
    expect(waves[1]!.stacks.map((s) => s.savedPlan)).toEqual([false, false, false]);
  });

  test("--apply needs --wave, and a wave without saved plans is refused before anything runs", () => {
    expect(realmkit(["rollout", "--realms", realms, "--apply"])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--apply needs --wave N"),
    });
    const r = realmkit(["rollout", "--realms", realms, "--wave", "1", "--apply", "--plans", join(work, "empty")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("RK-ROLLOUT-NO-PLAN");
    expect(r.stderr).toContain("no saved plan in");
    expect(r.stderr).toContain("realm-mid1, realm-mid2, realm-mid3");
  });

  test("--wave 1 --apply halts at the first failing realm and exits 1 (fake terraform on PATH)", () => {
    const plans = join(work, "plans");
    const record = join(work, "record.txt");
    fakePlans(
      plans,
      ["mid1", "mid2", "mid3"].map((id) => ({ realm: id, stackId: `realm-${id}` })),
    );
    recordPlans(
      plans,
      realms,
      ["mid1", "mid2", "mid3"].map((id) => ({ realm: id, stackId: `realm-${id}` })),
    );
    const { env } = fakeTerraform(record);
    const r = realmkit(["rollout", "--realms", realms, "--wave", "1", "--apply", "--plans", plans, "--concurrency", "1"], {
      ...env,
      FAKE_TF_FAIL: "realm-mid2",
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^mid1\s+realm-mid1\s+applied/m);
    expect(r.stdout).toMatch(/^mid2\s+realm-mid2\s+failed\s+[\d.]+\s+Error: fake apply failure for realm-mid2/m);
    expect(r.stdout).toMatch(/^mid3\s+realm-mid3\s+not-started\s+-\s+halted: an earlier stack failed/m);
    expect(r.stdout).toContain("wave 1 FAILED: 1 failed, 1 not started");
    expect(readRecord(readFileSync(record, "utf8")).map((e) => `${e.event} ${e.stack}`)).toEqual([
      "start realm-mid1",
      "end realm-mid1",
      "start realm-mid2",
      "end-failed realm-mid2",
    ]);
    // Only the wave's stacks are touched: the canary and wave 2 are not part of it.
    expect(r.stdout).not.toContain("realm-can1");
  });

  test("a stack id selects one stack of the wave (the generated pipeline's matrix jobs do this)", () => {
    const plans = join(work, "one");
    const record = join(work, "one.txt");
    fakePlans(plans, [{ realm: "mid3", stackId: "realm-mid3" }]);
    recordPlans(plans, realms, [{ realm: "mid3", stackId: "realm-mid3" }]);
    const { env } = fakeTerraform(record);
    const r = realmkit(["rollout", "--realms", realms, "--wave", "1", "--apply", "--plans", plans, "realm-mid3"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("wave 1 applied: 1 stack(s)");
    // start, end of the apply, then the health gate's plan of the same stack.
    expect(
      readFileSync(record, "utf8")
        .trim()
        .split("\n")
        .map((l) => l.split(" ").slice(0, 2).join(" ")),
    ).toEqual(["start realm-mid3", "end realm-mid3", "plan realm-mid3"]);
    expect(r.stdout).toContain("wave 1 is healthy: next, wave 2");
  });

  test("plan: an unknown realm is a user error with a suggestion", () => {
    const r = realmkit(["plan", "mid4", "--realms", realms, "--out", join(work, "p")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("RK-ROLLOUT-UNKNOWN-REALM");
    expect(r.stderr).toMatch(/did you mean `mid\d`\?/);
  });

  test("plan: a missing terraform is a clear error, not a crash", () => {
    const r = realmkit(["plan", "can1", "--offline", "--realms", realms, "--out", join(work, "p")], {
      ...process.env,
      REALMKIT_TERRAFORM: join(work, "no-terraform-here"),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("RK-TF-MISSING");
    expect(r.stderr).toContain("the terraform CLI was not found");
    expect(r.stderr).not.toContain("internal error");
  });

  test("changed: --since is required", () => {
    const r = realmkit(["changed", "--realms", realms]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("required option '--since <ref>' not specified");
  });
});
