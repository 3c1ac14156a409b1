import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realmkit } from "../helpers/cli";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { FIXTURE_REALMS } from "../helpers/synth";
import { tf } from "./fixtures/tf";
import { t1Yaml } from "./fixtures/realms";
import { inDays } from "../helpers/dates";

const dir = mkdtempSync(join(tmpdir(), "realmkit-policy-cli-"));
const bad = join(dir, "bad.tf.json");
writeFileSync(bad, JSON.stringify(tf({ aws_kms_key: { k: { enable_key_rotation: false, lifecycle: { prevent_destroy: true } } } }), null, 2));
const good = join(dir, "good.tf.json");
writeFileSync(good, JSON.stringify(tf({ aws_kms_key: { k: { enable_key_rotation: true, lifecycle: { prevent_destroy: true } } } }), null, 2));

describe("realmkit policy", () => {
  test("checks files alone using the tags they carry; exit 1 on violations, 0 when clean", () => {
    const failed = realmkit(["policy", bad]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAIL\s+-\s+bad\.tf\s+RK-AWS-KMS-ROTATION\s+aws_kms_key\.k\s+`enable_key_rotation` is false/);
    const passed = realmkit(["policy", good]);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(/^0 violations/m);
  });

  test("writes SARIF, JSON and JUnit reports to --out and prints the summary", () => {
    for (const format of ["sarif", "json", "junit"]) {
      const out = join(dir, `report.${format}`);
      const r = realmkit(["policy", bad, good, "--format", format, "--out", out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^1 violation .*; 2 stacks/m);
      const text = readFileSync(out, "utf8");
      if (format === "junit") expect(text).toContain('<testsuite name="bad.tf"');
      else expect(JSON.parse(text)).toBeTruthy();
    }
  });

  test("binds a file to a realm with --realms/--realm, so realm rules and suppressions apply", () => {
    const realms = tempInventory({
      "_defaults.yaml": readFileSync(join(FIXTURE_REALMS, "_defaults.yaml"), "utf8"),
      // The hand-written stack has no alarms and t1 no paging: those two rules are not what this test binds.
      "t1.yaml": t1Yaml(
        `suppressions:\n  - { rule: RK-AWS-KMS-ROTATION, reason: rotation waits for the HSM move, approvedBy: cso@ibc.example.com, expires: '${inDays(90)}' }` +
          `\n  - { rule: RK-OBSERVABILITY-COVERAGE, reason: a hand-written stack without alarms, approvedBy: cso@ibc.example.com, expires: '${inDays(90)}' }` +
          `\n  - { rule: RK-OBSERVABILITY-PAGING, reason: a test realm outside the prod layer, approvedBy: cso@ibc.example.com, expires: '${inDays(90)}' }`,
      ),
    });
    try {
      const r = realmkit(["policy", bad, "--realms", realms, "--realm", "t1", "--format", "json"]);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.stacks[0]).toMatchObject({ realm: "t1", realmSource: "inventory", profiles: ["baseline", "soc2"] });
      expect(report.findings.find((f: { ruleId: string }) => f.ruleId === "RK-AWS-KMS-ROTATION")).toMatchObject({ status: "fail", suppressed: { approvedBy: "cso@ibc.example.com" } });
    } finally {
      removeInventory(realms);
    }
  });

  test("without files, synthesizes the inventory (remote backends) and checks every stack", () => {
    const realms = tempInventory({
      "_defaults.yaml": readFileSync(join(FIXTURE_REALMS, "_defaults.yaml"), "utf8"),
      "_layers/prod.yaml": readFileSync(join(FIXTURE_REALMS, "_layers", "prod.yaml"), "utf8"),
      "us2.yaml": readFileSync(join(FIXTURE_REALMS, "us2.yaml"), "utf8"),
    });
    try {
      const r = realmkit(["policy", "--realms", realms, "--format", "json"]);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.stacks).toEqual([expect.objectContaining({ stackId: "realm-us2", realm: "us2", profiles: ["baseline", "soc2", "hipaa"] })]);
      expect(report.summary).toMatchObject({ violations: 0, stacks: 1 });
      // with the realm's real S3 backend, the backend rule is judged, not skipped
      expect(report.findings.some((f: { ruleId: string }) => f.ruleId === "RK-STATE-BACKEND")).toBe(false);
    } finally {
      removeInventory(realms);
    }
  });

  test("--profile must name a profile", () => {
    const r = realmkit(["policy", good, "--profile", "iso27001"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("RK-CLI-BAD-OPTION  unknown profile `iso27001`");
  });
});
