import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakePlans, fakeTerraform, recordPlans, waveInventory } from "../helpers/rollout";

const REPO = join(__dirname, "..", "..");

function realmkit(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, ["-r", "@swc-node/register", join(REPO, "bin", "realmkit.ts"), ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...env, CI: "true" },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Issue 11 section 6: what `rollout --apply` refuses before any terraform apply starts. */
describe("applying is safe: saved plans are checked before anything is applied", () => {
  let realms: string;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let record: string;
  const one = [{ realm: "can1", stackId: "realm-can1" }];
  beforeAll(() => {
    realms = waveInventory([
      { id: "can1", wave: 0 },
      { id: "mid1", wave: 2 },
    ]);
    work = mkdtempSync(join(tmpdir(), "realmkit-apply-safety-"));
    record = join(work, "record.txt");
    env = fakeTerraform(record).env;
  });
  afterAll(() => {
    rmSync(realms, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  const plansWith = (name: string, meta: Parameters<typeof recordPlans>[3] | "none") => {
    const plans = join(work, name);
    fakePlans(plans, one);
    if (meta !== "none") recordPlans(plans, realms, one, meta);
    return plans;
  };
  const apply = (plans: string, extra: string[] = []) =>
    realmkit(["rollout", "--realms", realms, "--wave", "0", "--apply", "--plans", plans, ...extra], env);
  const applied = () => {
    try {
      return readFileSync(record, "utf8").includes("start realm-can1");
    } catch {
      return false;
    }
  };

  test("a wave with no realms exits 1 and names the waves there are (never a silent success)", () => {
    for (const wave of ["1", "5", "99"]) {
      const r = realmkit(["rollout", "--realms", realms, "--wave", wave, "--apply", "--plans", join(work, "x")], env);
      expect(r).toMatchObject({ code: 1, stderr: expect.stringContaining(`RK-ROLLOUT-EMPTY-WAVE  no realm is in wave ${wave}`) });
      expect(r.stderr).toContain("(0, 2)");
    }
    expect(realmkit(["rollout", "--realms", realms, "--wave", "0", "--apply", "--plans", join(work, "x"), "mid1"], env)).toMatchObject({
      code: 1,
    });
  }, 60_000);

  test("so does the dry run of an empty wave, and planning one (a typo is not a success)", () => {
    for (const args of [
      ["rollout", "--wave", "7"],
      ["rollout", "--wave", "7", "--json"],
      ["plan", "--wave", "7", "--out", join(work, "plans-empty")],
    ]) {
      const r = realmkit([...args, "--realms", realms], env);
      expect([args, r.code, r.stderr]).toEqual([args, 1, expect.stringContaining("RK-ROLLOUT-EMPTY-WAVE  no realm is in wave 7")]);
      expect(r.stderr).toContain("(0, 2)");
    }
    expect(realmkit(["rollout", "--wave", "2", "--realms", realms], env)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("wave 2: mid1"),
    });
  }, 60_000);

  test("an --offline plan is refused by an online apply, accepted by an offline one", () => {
    const plans = plansWith("offline", { offline: true });
    const r = apply(plans);
    expect(r).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("RK-ROLLOUT-OFFLINE-PLAN  realm-can1: the saved plan was made with --offline"),
    });
    expect(applied()).toBe(false);
    expect(apply(plans, ["--offline"]).code).toBe(0);
    expect(applied()).toBe(true);
    rmSync(record, { force: true });
  }, 90_000);

  test("a plan whose stack changed since (content hash), or with no record, is refused", () => {
    const changed = apply(plansWith("changed", { stackHash: "0".repeat(64) }));
    expect(changed).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("RK-ROLLOUT-STACK-CHANGED  realm-can1: the stack changed since the plan was made"),
    });
    // The realm file changes after the plan was recorded: the recorded hash no longer matches.
    const plans = plansWith("edited", {});
    const file = join(realms, "can1.yaml");
    const before = readFileSync(file, "utf8");
    writeFileSync(file, `${before}tags: { team: payments }\n`);
    try {
      expect(apply(plans)).toMatchObject({ code: 1, stderr: expect.stringContaining("RK-ROLLOUT-STACK-CHANGED") });
    } finally {
      writeFileSync(file, before);
    }
    expect(apply(plansWith("unrecorded", "none"))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("RK-ROLLOUT-PLAN-UNRECORDED"),
    });
    expect(applied()).toBe(false);
  }, 120_000);

  test("a plan older than the limit is refused; the limit comes from --max-plan-age or rollout.maxPlanAgeHours", () => {
    const old = new Date(Date.now() - 30 * 3_600_000).toISOString();
    const plans = plansWith("old", { createdAt: old });
    expect(apply(plans)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("RK-ROLLOUT-PLAN-TOO-OLD  realm-can1: the saved plan is 30.0 hours old; plans older than 24 hours"),
    });
    expect(apply(plans, ["--max-plan-age", "48"]).code).toBe(0);
    expect(
      apply(plansWith("old2", { createdAt: new Date(Date.now() - 3 * 3_600_000).toISOString() }), ["--max-plan-age", "2"]),
    ).toMatchObject({ code: 1 });
    expect(apply(plansWith("garbage", { createdAt: "yesterday" }))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("of unknown age"),
    });
  }, 120_000);

  test("after a good apply the health gate runs; a plan that is not empty stops the rollout (exit 1)", () => {
    const plans = plansWith("gate", {});
    const r = realmkit(["rollout", "--realms", realms, "--wave", "0", "--apply", "--plans", plans], { ...env, FAKE_TF_PLAN_EXIT: "2" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("can1: UNHEALTHY: realm-can1: the plan is not empty after the apply");
    expect(r.stdout).toContain("wave 0 is UNHEALTHY: later waves must not start");
  }, 60_000);
});
