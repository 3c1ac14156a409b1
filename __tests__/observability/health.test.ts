import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadInventory } from "../../lib/model/inventory";
import { allGates, listRealmMonitors, monitorGate, verdictOf } from "../../lib/observability/health";
import { runGate, type HealthGate } from "../../lib/rollout/gate";
import { FIXTURE_REALMS, REPO_ROOT } from "../helpers/paths";
import { startFakeDatadog, type FakeDatadog } from "./fake-datadog";

const KEYS = { DD_API_KEY: "fake-api-key-1234", DD_APP_KEY: "fake-app-key-5678" };

/** The CLI in a child process, awaited without blocking this process, where the fake answers. */
function realmkitAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", "@swc-node/register", join(REPO_ROOT, "bin", "realmkit.ts"), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DD_API_KEY: "", DD_APP_KEY: "", REALMKIT_REALMS: relative(REPO_ROOT, FIXTURE_REALMS), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("realmkit health against a local fake of Datadog's monitor API", () => {
  let fake: FakeDatadog;
  const inventory = loadInventory(FIXTURE_REALMS);
  const env = () => ({ ...KEYS, REALMKIT_DATADOG_API_URL: fake.url });

  beforeAll(async () => {
    fake = await startFakeDatadog();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.behave("stg1", { kind: "monitors", states: ["OK", "OK", "OK"] });
    fake.behave("us2", { kind: "monitors", states: ["OK", "Alert", "OK", "Warn"] });
    fake.behave("eu3", { kind: "monitors", states: ["OK", "No Data"] });
    fake.behave("au1", { kind: "error", status: 500, errors: ["Internal Server Error", "key fake-api-key-1234 rejected"] });
    fake.behave("sg1", { kind: "hang" });
    fake.behave("us3", { kind: "monitors", states: [] });
  });

  test("healthy: every monitor OK", async () => {
    const [r] = await monitorGate(inventory, { env: env() })(0, ["stg1"]);
    expect(r).toEqual({ realm: "stg1", healthy: true, reasons: [] });
    // The documented request: monitor tags, pages, both keys in headers.
    const req = fake.requests[0]!;
    expect(req.url.searchParams.get("monitor_tags")).toBe("realm:stg1,managed-by:realmkit");
    expect([req.apiKey, req.appKey]).toEqual([KEYS.DD_API_KEY, KEYS.DD_APP_KEY]);
  });

  test("alerting and no data are unhealthy and name the monitor; a warning alone is not", async () => {
    const results = await monitorGate(inventory, { env: env() })(1, ["us2", "eu3"]);
    expect(results).toEqual([
      { realm: "us2", healthy: false, reasons: ['monitor 1001 "[us2] monitor 1" is Alert'] },
      { realm: "eu3", healthy: false, reasons: ['monitor 1001 "[eu3] monitor 1" is No Data'] },
    ]);
  });

  test("an API error and a timeout are unhealthy verdicts, with the keys masked", async () => {
    const [error, timeout] = await monitorGate(inventory, { env: env(), timeoutMs: 300 })(2, ["au1", "sg1"]);
    expect(error!.healthy).toBe(false);
    expect(error!.reasons[0]).toMatch(/answered 500: Internal Server Error; key \*\*\*\* rejected$/);
    expect(JSON.stringify(error)).not.toContain(KEYS.DD_API_KEY);
    expect(timeout).toEqual({ realm: "sg1", healthy: false, reasons: [`the Datadog API (${fake.url}) did not answer within 0.3 s`] });
  });

  test("a body that is not the documented monitor list is an unhealthy verdict, not a crash", async () => {
    for (const body of [
      "<html>proxy login</html>",
      '{"monitors": []}',
      '[{"id": "1", "name": 2}]',
      '[{"__proto__": {"polluted": true}, "id": 1, "name": "x", "overall_state": "OK"}]',
    ]) {
      fake.behave("stg1", { kind: "raw", body });
      const [r] = await monitorGate(inventory, { env: env() })(0, ["stg1"]);
      if (body.includes("__proto__")) expect(r).toEqual({ realm: "stg1", healthy: true, reasons: [] });
      else
        expect([r!.healthy, r!.reasons[0]]).toEqual([
          false,
          expect.stringMatching(/answered with something that is not (JSON|a monitor list)$/),
        ]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("a realm with no monitors at all is not healthy: silence is not health", async () => {
    const [r] = await monitorGate(inventory, { env: env() })(2, ["us3"]);
    expect(r!.healthy).toBe(false);
    expect(r!.reasons[0]).toContain("no monitor tagged realm:us3");
  });

  test("pages through the monitor list until a short page", async () => {
    fake.behave("stg1", { kind: "monitors", states: ["OK", "OK", "OK", "OK", "Alert"] });
    const monitors = await listRealmMonitors("stg1", "datadoghq.com", { env: env(), pageSize: 2 });
    expect(monitors.map((m) => m.overall_state)).toEqual(["OK", "OK", "OK", "OK", "Alert"]);
    expect(fake.requests.map((r) => r.url.searchParams.get("page"))).toEqual(["0", "1", "2"]);
  });

  test("verdictOf treats Unknown as unhealthy and Ignored/Skipped as harmless", () => {
    expect(verdictOf("x", [{ id: 1, name: "a", overall_state: "Unknown" }]).healthy).toBe(false);
    expect(
      verdictOf("x", [
        { id: 1, name: "a", overall_state: "Ignored" },
        { id: 2, name: "b", overall_state: "Skipped" },
      ]).healthy,
    ).toBe(true);
  });

  test("a failed monitor gate stops the wave even when the plan gate passes", async () => {
    const planGate: HealthGate = async (_w, realms) => realms.map((realm) => ({ realm, healthy: true, reasons: [] }));
    const verdict = await runGate(allGates(planGate, monitorGate(inventory, { env: env() })), 1, ["us2"]);
    expect(verdict.healthy).toBe(false);
    expect(verdict.results[0]!.reasons).toEqual(['monitor 1001 "[us2] monitor 1" is Alert']);
  });

  test("CLI: exit 0 when healthy, 1 naming the monitor when not, JSON on request", async () => {
    const ok = await realmkitAsync(["health", "stg1"], env());
    expect([ok.code, ok.stdout]).toEqual([0, "stg1: healthy\n1 realm(s) healthy\n"]);
    const bad = await realmkitAsync(["health", "us2", "eu3", "--json"], env());
    expect(bad.code).toBe(1);
    const json = JSON.parse(bad.stdout) as { healthy: boolean; results: { realm: string; healthy: boolean; reasons: string[] }[] };
    expect(json.healthy).toBe(false);
    expect(json.results.find((r) => r.realm === "us2")!.reasons).toEqual(['monitor 1001 "[us2] monitor 1" is Alert']);
    expect(json.results.find((r) => r.realm === "eu3")!.reasons).toEqual(['monitor 1001 "[eu3] monitor 1" is No Data']);
  });

  test("CLI: missing keys, an unknown realm and an empty wave exit 1 with a fix, no stack trace", async () => {
    const noKeys = await realmkitAsync(["health", "stg1"], { REALMKIT_DATADOG_API_URL: fake.url });
    expect(noKeys.code).toBe(1);
    expect(noKeys.stderr).toContain("RK-HEALTH-NO-KEYS");
    expect(noKeys.stderr).toContain("export DD_API_KEY and DD_APP_KEY");
    const unknown = await realmkitAsync(["health", "us22"], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("did you mean `us2`?");
    const empty = await realmkitAsync(["health", "--wave", "7"], env());
    expect(empty.code).toBe(1);
    for (const r of [noKeys, unknown, empty]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("CLI: the wave gate with --monitors stops later waves when the canary alerts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "realmkit-health-gate-"));
    try {
      mkdirSync(join(dir, "verify"));
      writeFileSync(join(dir, "verify", "realm-stg1.json"), JSON.stringify({ stack: "realm-stg1", realm: "stg1", exitCode: 0 }));
      const pass = await realmkitAsync(["gate", "--wave", "0", "--results", dir, "--monitors"], env());
      expect(pass.code).toBe(0);
      expect(pass.stdout).toContain("wave 0 is healthy: the next wave may start");
      fake.behave("stg1", { kind: "monitors", states: ["OK", "Alert"] });
      const stop = await realmkitAsync(["gate", "--wave", "0", "--results", dir, "--monitors"], env());
      expect(stop.code).toBe(1);
      expect(stop.stdout).toContain('stg1: UNHEALTHY: monitor 1001 "[stg1] monitor 1" is Alert');
      expect(stop.stdout).toContain("wave 0 is UNHEALTHY: later waves must not start");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
