import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadInventory } from "../../lib/model/inventory";
import { healthCheck } from "../../lib/observability/health-check";
import { nativeGate, requireNativeCredentials } from "../../lib/observability/native-health";
import { describeRealmAlarms } from "../../lib/observability/native/cloudwatch";
import { firedAlerts } from "../../lib/observability/native/azure-monitor";
import { openAlerts } from "../../lib/observability/native/cloud-monitoring";
import { runGate } from "../../lib/rollout/gate";
import { FIXTURE_REALMS, REPO_ROOT } from "../helpers/paths";
import { startFakeClouds, type FakeClouds } from "./fake-clouds";
import { startFakeDatadog, type FakeDatadog } from "./fake-datadog";

const SECRETS = {
  awsAccessKeyId: "AKIAFAKEFAKEFAKE1234",
  awsSecretAccessKey: "fake/secret/key/never-printed-0123456789",
  azureToken: "eyFakeAzureToken.never.printed.0123456789",
  gcpToken: "ya29.fake-gcp-token-never-printed-0123456789",
};
const DD = { DD_API_KEY: "fake-api-key-1234", DD_APP_KEY: "fake-app-key-5678" };

/** The CLI in a child process, awaited without blocking this process, where the fakes answer. */
function realmkitAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", "@swc-node/register", join(REPO_ROOT, "bin", "realmkit.ts"), ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DD_API_KEY: "",
        DD_APP_KEY: "",
        AWS_ACCESS_KEY_ID: "",
        AWS_SECRET_ACCESS_KEY: "",
        AWS_SESSION_TOKEN: "",
        AZURE_ACCESS_TOKEN: "",
        GOOGLE_OAUTH_ACCESS_TOKEN: "",
        REALMKIT_REALMS: relative(REPO_ROOT, FIXTURE_REALMS),
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("realmkit health --native against local fakes of CloudWatch, Azure Monitor and Cloud Monitoring", () => {
  let clouds: FakeClouds;
  let datadog: FakeDatadog;
  const inventory = loadInventory(FIXTURE_REALMS);
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    AWS_ACCESS_KEY_ID: SECRETS.awsAccessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRETS.awsSecretAccessKey,
    AZURE_ACCESS_TOKEN: SECRETS.azureToken,
    GOOGLE_OAUTH_ACCESS_TOKEN: SECRETS.gcpToken,
    REALMKIT_CLOUDWATCH_URL: clouds.url,
    REALMKIT_AZURE_MANAGEMENT_URL: clouds.url,
    REALMKIT_GCP_MONITORING_URL: clouds.url,
    ...extra,
  });
  const io = (extra: NodeJS.ProcessEnv = {}) => ({ env: env(extra), timeoutMs: 2000 });
  const noSecret = (text: string) => {
    for (const s of Object.values(SECRETS).slice(1)) expect(text).not.toContain(s);
  };

  beforeAll(async () => {
    clouds = await startFakeClouds(SECRETS);
    datadog = await startFakeDatadog();
  });
  afterAll(async () => {
    await clouds.close();
    await datadog.close();
  });
  beforeEach(() => {
    clouds.reset();
    datadog.requests.length = 0;
    for (const realm of ["stg1", "us2", "eu1", "eu2"]) datadog.behave(realm, { kind: "monitors", states: ["OK"] });
    // The rules and policies the realm stacks create (the alert lists say only what fired).
    clouds.azureRules("ibc-eu2-rg", [
      { name: "ibc-eu2-database-cpu-percent", enabled: true },
      { name: "ibc-eu2-aks-nodes-not-ready", enabled: true },
    ]);
    clouds.gcpPolicies("ibc-eu1-prod", [
      { displayName: "Realm eu1 Database CPU", enabled: true },
      { displayName: "Team dashboard latency", enabled: false },
    ]);
    clouds.gcpPolicies("ibc-us3-backup", [{ displayName: "Realm us3 Storage errors", enabled: true }]);
  });

  describe("CloudWatch DescribeAlarms", () => {
    test("OK alarms: healthy; the request is a signed form POST for the realm's prefix in its region", async () => {
      clouds.cloudWatch("ibc-stg1-", { kind: "alarms", states: ["OK", "OK", "OK"] });
      const [r] = await nativeGate(inventory, io())(0, ["stg1"]);
      expect(r).toEqual({ realm: "stg1", healthy: true, reasons: [] });
      const req = clouds.requests[0]!;
      expect(req.method).toBe("POST");
      expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
      const form = new URLSearchParams(req.body);
      expect(Object.fromEntries(form)).toMatchObject({ Action: "DescribeAlarms", Version: "2010-08-01", AlarmNamePrefix: "ibc-stg1-" });
      // SigV4: the scope names stg1's region (us-west-2) and the CloudWatch service, and the
      // fake's own recomputation of the signature agrees.
      expect(req.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE1234\/\d{8}\/us-west-2\/monitoring\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
      expect(clouds.signatureProblems).toEqual([undefined]);
      expect(req.headers["x-amz-security-token"]).toBeUndefined();
    });

    test("a session token travels as X-Amz-Security-Token and is signed", async () => {
      clouds.cloudWatch("ibc-stg1-", { kind: "alarms", states: ["OK"] });
      await nativeGate(inventory, io({ AWS_SESSION_TOKEN: "FwoGZXIvYXdzEFAKEsession" }))(0, ["stg1"]);
      expect(clouds.requests[0]!.headers["x-amz-security-token"]).toBe("FwoGZXIvYXdzEFAKEsession");
      expect(clouds.requests[0]!.headers.authorization).toContain("x-amz-security-token");
      expect(clouds.signatureProblems).toEqual([undefined]);
    });

    test("ALARM and INSUFFICIENT_DATA are unhealthy and name the alarm and its source", async () => {
      clouds.cloudWatch("ibc-us2-", { kind: "alarms", states: ["OK", "ALARM", "INSUFFICIENT_DATA"] });
      const [r] = await nativeGate(inventory, io())(2, ["us2"]);
      expect(r).toEqual({
        realm: "us2",
        healthy: false,
        reasons: [
          'CloudWatch (us-east-2): alarm "ibc-us2-db-storage-low" is ALARM',
          'CloudWatch (us-east-2): alarm "ibc-us2-db-connections-high" is INSUFFICIENT_DATA',
        ],
      });
    });

    test("follows NextToken until the last page", async () => {
      const states = Array.from({ length: 7 }, (_, i) => (i === 6 ? "ALARM" : "OK"));
      clouds.cloudWatch("ibc-stg1-", { kind: "alarms", states });
      const alarms = await describeRealmAlarms("stg1", "us-west-2", { ...io(), pageSize: 3 });
      expect(alarms.map((a) => a.state)).toEqual(states);
      const tokens = clouds.requests.map((r) => new URLSearchParams(r.body).get("NextToken"));
      expect(tokens.length).toBe(3);
      expect(tokens[0]).toBeNull();
      expect(tokens[1]).toBeTruthy();
      expect(clouds.signatureProblems).toEqual([undefined, undefined, undefined]);
    });

    test("no alarm under the prefix is not healthy: silence is not health", async () => {
      const [r] = await nativeGate(inventory, io())(0, ["stg1"]);
      expect(r!.healthy).toBe(false);
      expect(r!.reasons).toEqual([
        "CloudWatch (us-west-2): no alarm named ibc-stg1-* (is the realm stack applied, and are the credentials those of account 444455556666?)",
      ]);
    });

    test("an error answer (XML) and a timeout are plain-word unhealthy verdicts without secrets", async () => {
      clouds.cloudWatch("ibc-stg1-", {
        kind: "error",
        status: 403,
        code: "ExpiredToken",
        message: `The security token included in the request is expired (${SECRETS.awsSecretAccessKey})`,
      });
      clouds.cloudWatch("ibc-us2-", { kind: "hang" });
      const results = await nativeGate(inventory, { env: env(), timeoutMs: 300 })(0, ["stg1", "us2"]);
      expect(results[0]!.reasons).toEqual([
        "CloudWatch (us-west-2) answered 403: ExpiredToken: The security token included in the request is expired (****)",
      ]);
      expect(results[1]!.reasons).toEqual(["CloudWatch (us-east-2) did not answer within 0.3 s"]);
      noSecret(JSON.stringify(results));
    });

    test("an answer that is not DescribeAlarms XML is an unhealthy verdict, not a crash", async () => {
      for (const body of [
        "<html>proxy login</html>",
        "not xml at all <<<",
        "<DescribeAlarmsResponse><DescribeAlarmsResult><MetricAlarms><member><AlarmName>x</AlarmName></member></MetricAlarms></DescribeAlarmsResult></DescribeAlarmsResponse>",
      ]) {
        clouds.cloudWatch("ibc-stg1-", { kind: "raw", body });
        const [r] = await nativeGate(inventory, io())(0, ["stg1"]);
        expect([r!.healthy, r!.reasons[0]]).toEqual([
          false,
          expect.stringMatching(
            /^CloudWatch \(us-west-2\) answered with (something that is not a DescribeAlarms result|an alarm that has no AlarmName or StateValue)$/,
          ),
        ]);
      }
    });
  });

  describe("Azure Monitor alerts", () => {
    test("a fired alert of the realm's rules is unhealthy; the request is scoped and carries the bearer token", async () => {
      clouds.azure("ibc-eu2-rg", {
        kind: "alerts",
        alerts: [
          { rule: "ibc-eu2-database-cpu-percent", condition: "Fired" },
          { rule: "ibc-eu2-aks-nodes-not-ready", condition: "Resolved" },
          { rule: "someone-elses-rule", condition: "Fired" },
        ],
      });
      const [r] = await nativeGate(inventory, io())(1, ["eu2"]);
      expect(r).toEqual({
        realm: "eu2",
        healthy: false,
        reasons: ['Azure Monitor (resource group ibc-eu2-rg): alert rule "ibc-eu2-database-cpu-percent" is Fired on ibc-db'],
      });
      const req = clouds.requests.find((r) => r.url.pathname.endsWith("/alerts"))!;
      expect(req.url.pathname).toBe("/subscriptions/5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80/providers/Microsoft.AlertsManagement/alerts");
      const list = clouds.requests.find((r) => r.url.pathname.endsWith("/metricAlerts"))!;
      expect(list.url.pathname).toBe(
        "/subscriptions/5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80/resourceGroups/ibc-eu2-rg/providers/Microsoft.Insights/metricAlerts",
      );
      expect(list.headers.authorization).toBe(`Bearer ${SECRETS.azureToken}`);
      expect(Object.fromEntries(req.url.searchParams)).toEqual({
        "api-version": "2023-07-12-preview",
        targetResourceGroup: "ibc-eu2-rg",
        monitorCondition: "Fired",
        timeRange: "30d",
      });
      expect(req.headers.authorization).toBe(`Bearer ${SECRETS.azureToken}`);
    });

    test("none fired: healthy; pages are followed through nextLink", async () => {
      clouds.azure("ibc-eu2-rg", { kind: "alerts", alerts: [] });
      expect((await nativeGate(inventory, io())(1, ["eu2"]))[0]).toEqual({ realm: "eu2", healthy: true, reasons: [] });
      clouds.azure("ibc-eu2-rg", {
        kind: "alerts",
        pageSize: 2,
        alerts: ["a", "b", "c", "d", "e"].map((x) => ({ rule: `ibc-eu2-${x}`, condition: "Fired" as const })),
      });
      const fired = await firedAlerts("5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80", "ibc-eu2-rg", io());
      expect(fired.map((a) => a.rule)).toEqual(["ibc-eu2-a", "ibc-eu2-b", "ibc-eu2-c", "ibc-eu2-d", "ibc-eu2-e"]);
      const pages = clouds.requests.filter((r) => r.url.pathname.endsWith("/alerts")).slice(1);
      expect(pages.map((r) => r.url.searchParams.get("$skiptoken"))).toEqual([null, "2", "4"]);
    });

    test("401 says how to get a token; a timeout is a plain-word verdict; the token never shows", async () => {
      const [denied] = await nativeGate(inventory, io({ AZURE_ACCESS_TOKEN: "eyExpired.token.value.0000" }))(1, ["eu2"]);
      expect(denied!.reasons[0]).toBe(
        "Azure Monitor (subscription 5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80) answered 401: InvalidAuthenticationToken: The access token is invalid. (the token is missing, expired or not for https://management.azure.com: get a new one with `az account get-access-token`)",
      );
      clouds.azure("ibc-eu2-rg", { kind: "hang" });
      const [slow] = await nativeGate(inventory, { env: env(), timeoutMs: 300 })(1, ["eu2"]);
      expect(slow!.reasons).toEqual(["Azure Monitor (subscription 5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80) did not answer within 0.3 s"]);
      noSecret(JSON.stringify([denied, slow]));
    });
    test("no rule of the realm, or a disabled one, is not healthy: a rule that cannot fire vouches for nothing", async () => {
      clouds.azureRules("ibc-eu2-rg", [{ name: "someone-elses-rule", enabled: true }]);
      expect((await nativeGate(inventory, io())(1, ["eu2"]))[0]!.reasons).toEqual([
        "Azure Monitor (resource group ibc-eu2-rg): no metric alert rule named ibc-eu2-* (is the realm stack applied, and is the token for subscription 5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80?)",
      ]);
      clouds.azureRules("ibc-eu2-rg", [
        { name: "ibc-eu2-database-cpu-percent", enabled: true },
        { name: "ibc-eu2-storage-errors", enabled: false },
      ]);
      expect((await nativeGate(inventory, io())(1, ["eu2"]))[0]!.reasons).toEqual([
        'Azure Monitor (resource group ibc-eu2-rg): alert rule "ibc-eu2-storage-errors" is disabled (it cannot fire)',
      ]);
    });
  });

  describe("Cloud Monitoring alerts (projects.alerts.list)", () => {
    test("an open alert of the realm's policies is unhealthy; closed ones and other policies are not", async () => {
      clouds.gcp("ibc-eu1-prod", {
        kind: "alerts",
        alerts: [
          { policy: "Realm eu1 Database CPU", state: "OPEN" },
          { policy: "Realm eu1 Cluster node health", state: "CLOSED" },
          { policy: "Realm eu10 Database CPU", state: "OPEN" },
          { policy: "Team dashboard latency", state: "OPEN" },
        ],
      });
      const [r] = await nativeGate(inventory, io())(1, ["eu1"]);
      expect(r).toEqual({
        realm: "eu1",
        healthy: false,
        reasons: ['Cloud Monitoring (project ibc-eu1-prod): alert policy "Realm eu1 Database CPU" has an open incident'],
      });
      const req = clouds.requests.find((r) => r.url.pathname.endsWith("/alerts"))!;
      expect(req.url.pathname).toBe("/v3/projects/ibc-eu1-prod/alerts");
      expect(clouds.requests.map((r) => r.url.pathname).sort()).toEqual([
        "/v3/projects/ibc-eu1-prod/alertPolicies",
        "/v3/projects/ibc-eu1-prod/alerts",
      ]);
      expect(req.url.searchParams.get("filter")).toBe('state = "OPEN"');
      expect(req.headers.authorization).toBe(`Bearer ${SECRETS.gcpToken}`);
    });

    test("no open alert ({} in proto3 JSON): healthy; pages through nextPageToken", async () => {
      expect((await nativeGate(inventory, io())(1, ["eu1"]))[0]).toEqual({ realm: "eu1", healthy: true, reasons: [] });
      clouds.gcp("ibc-eu1-prod", {
        kind: "alerts",
        alerts: Array.from({ length: 5 }, (_, i) => ({ policy: `Realm eu1 p${i}`, state: "OPEN" as const })),
      });
      const open = await openAlerts("ibc-eu1-prod", { ...io(), pageSize: 2 });
      expect(open.map((a) => a.policy)).toEqual(["Realm eu1 p0", "Realm eu1 p1", "Realm eu1 p2", "Realm eu1 p3", "Realm eu1 p4"]);
    });

    test("no policy of the realm, or a disabled one, is not healthy", async () => {
      clouds.gcpPolicies("ibc-eu1-prod", [{ displayName: "Realm eu10 Database CPU", enabled: true }]);
      expect((await nativeGate(inventory, io())(1, ["eu1"]))[0]!.reasons).toEqual([
        'Cloud Monitoring (project ibc-eu1-prod): no alert policy named "Realm eu1 …" (is the realm stack applied in this project?)',
      ]);
      clouds.gcpPolicies("ibc-eu1-prod", [
        { displayName: "Realm eu1 Database CPU", enabled: true },
        { displayName: "Realm eu1 Storage errors", enabled: false },
      ]);
      expect((await nativeGate(inventory, io())(1, ["eu1"]))[0]!.reasons).toEqual([
        'Cloud Monitoring (project ibc-eu1-prod): alert policy "Realm eu1 Storage errors" is disabled (it cannot open incidents)',
      ]);
    });

    test("401 and a timeout are plain-word verdicts", async () => {
      const [denied] = await nativeGate(inventory, io({ GOOGLE_OAUTH_ACCESS_TOKEN: "ya29.expired-token-0000" }))(1, ["eu1"]);
      expect(denied!.reasons).toEqual([
        "Cloud Monitoring (project ibc-eu1-prod) answered 401: UNAUTHENTICATED: Request had invalid authentication credentials.",
      ]);
      clouds.gcp("ibc-eu1-prod", { kind: "hang" });
      const [slow] = await nativeGate(inventory, { env: env(), timeoutMs: 300 })(1, ["eu1"]);
      expect(slow!.reasons).toEqual(["Cloud Monitoring (project ibc-eu1-prod) did not answer within 0.3 s"]);
    });
  });

  test("a realm on two clouds is judged on both (us3: CloudWatch and Cloud Monitoring)", async () => {
    clouds.cloudWatch("ibc-us3-", { kind: "alarms", states: ["OK", "ALARM"] });
    clouds.gcp("ibc-us3-backup", { kind: "alerts", alerts: [{ policy: "Realm us3 Storage errors", state: "OPEN" }] });
    const [r] = await nativeGate(inventory, io())(2, ["us3"]);
    expect(r!.reasons).toEqual([
      'CloudWatch (us-east-1): alarm "ibc-us3-db-storage-low" is ALARM',
      'Cloud Monitoring (project ibc-us3-backup): alert policy "Realm us3 Storage errors" has an open incident',
    ]);
  });

  test("missing credentials fail before any request, naming the variable to export", () => {
    expect(() => requireNativeCredentials(inventory, ["stg1"], {})).toThrow(/no AWS credentials/);
    expect(() => requireNativeCredentials(inventory, ["eu2"], { AWS_ACCESS_KEY_ID: "x" })).toThrow(/no Azure access token/);
    expect(() => requireNativeCredentials(inventory, ["eu1"], {})).toThrow(/no Google access token/);
    expect(() => requireNativeCredentials(inventory, ["eu1"], { GOOGLE_OAUTH_ACCESS_TOKEN: "t" })).not.toThrow();
    expect(clouds.requests).toEqual([]);
  });

  test("the merged check: Datadog healthy but a firing alarm makes the realm unhealthy, with both sources' reasons", async () => {
    datadog.behave("us2", { kind: "monitors", states: ["OK", "Alert"] });
    clouds.cloudWatch("ibc-us2-", { kind: "alarms", states: ["ALARM"] });
    const e = { ...env(), ...DD, REALMKIT_DATADOG_API_URL: datadog.url };
    const aggregatorOnly = await runGate(healthCheck(inventory, ["us2"], { env: e }), 2, ["us2"]);
    expect(aggregatorOnly.results[0]!.reasons).toEqual(['monitor 1001 "[us2] monitor 1" is Alert']);
    expect(clouds.requests).toEqual([]);
    const both = await runGate(healthCheck(inventory, ["us2"], { env: e, native: true }), 2, ["us2"]);
    expect(both.results[0]!.reasons).toEqual([
      'monitor 1001 "[us2] monitor 1" is Alert',
      'CloudWatch (us-east-2): alarm "ibc-us2-db-cpu-high" is ALARM',
    ]);
  });

  describe("CLI", () => {
    const cliEnv = () => ({ ...env(), ...DD, REALMKIT_DATADOG_API_URL: datadog.url });

    test("health --native: exit 0 when both agree, 1 naming the alarm and its source, JSON on request", async () => {
      clouds.cloudWatch("ibc-stg1-", { kind: "alarms", states: ["OK", "OK"] });
      const ok = await realmkitAsync(["health", "stg1", "--native"], cliEnv());
      expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, "stg1: healthy\n1 realm(s) healthy\n", ""]);
      clouds.cloudWatch("ibc-stg1-", { kind: "alarms", states: ["OK", "INSUFFICIENT_DATA"] });
      const bad = await realmkitAsync(["health", "--wave", "0", "--native", "--json"], cliEnv());
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout)).toEqual({
        healthy: false,
        results: [
          { realm: "stg1", healthy: false, reasons: ['CloudWatch (us-west-2): alarm "ibc-stg1-db-storage-low" is INSUFFICIENT_DATA'] },
        ],
      });
    }, 60_000);

    test("health --native without credentials: exit 1 with the fix, no secret, no stack trace", async () => {
      for (const [realm, unset, code, fix] of [
        [
          "eu2",
          { AZURE_ACCESS_TOKEN: "" },
          "RK-HEALTH-NO-AZURE-TOKEN",
          "`az account get-access-token --resource https://management.azure.com",
        ],
        [
          "eu1",
          { GOOGLE_OAUTH_ACCESS_TOKEN: "" },
          "RK-HEALTH-NO-GCP-TOKEN",
          "`gcloud auth print-access-token` in GOOGLE_OAUTH_ACCESS_TOKEN",
        ],
        ["stg1", { AWS_SECRET_ACCESS_KEY: "" }, "RK-HEALTH-NO-AWS-CREDENTIALS", "export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"],
      ] as const) {
        const r = await realmkitAsync(["health", realm, "--native"], { ...cliEnv(), ...unset });
        expect([realm, r.code]).toEqual([realm, 1]);
        expect(r.stderr).toContain(code);
        expect(r.stderr).toContain(fix);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        noSecret(r.stdout + r.stderr);
      }
      expect(clouds.requests).toEqual([]);
    }, 60_000);

    test("gate --monitors --native: a firing CloudWatch alarm on the canary stops every later wave", async () => {
      const dir = mkdtempSync(join(tmpdir(), "realmkit-native-gate-"));
      try {
        mkdirSync(join(dir, "verify"));
        writeFileSync(join(dir, "verify", "realm-stg1.json"), JSON.stringify({ stack: "realm-stg1", realm: "stg1", exitCode: 0 }));
        clouds.cloudWatch("ibc-stg1-", { kind: "alarms", states: ["OK"] });
        const pass = await realmkitAsync(["gate", "--wave", "0", "--results", dir, "--monitors", "--native"], cliEnv());
        expect([pass.code, pass.stdout]).toEqual([0, expect.stringContaining("wave 0 is healthy: the next wave may start")]);
        clouds.cloudWatch("ibc-stg1-", { kind: "alarms", states: ["ALARM", "OK"] });
        const stop = await realmkitAsync(["gate", "--wave", "0", "--results", dir, "--monitors", "--native"], cliEnv());
        expect(stop.code).toBe(1);
        expect(stop.stdout).toContain('stg1: UNHEALTHY: CloudWatch (us-west-2): alarm "ibc-stg1-db-cpu-high" is ALARM');
        expect(stop.stdout).toContain("wave 0 is UNHEALTHY: later waves must not start");
        // --native alone gates too (no Datadog keys needed then).
        const alone = await realmkitAsync(["gate", "--wave", "0", "--results", dir, "--native"], { ...env() });
        expect(alone.code).toBe(1);
        expect(alone.stdout).toContain("is ALARM");
        expect(clouds.signatureProblems.every((p) => p === undefined)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 90_000);
  });
});
