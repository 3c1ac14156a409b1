import { XMLParser } from "fast-xml-parser";
import { evaluate } from "../../lib/policy/engine";
import { formatJson, formatJunit, formatSarif, formatTable } from "../../lib/policy/report";
import { addressMatcher, isExpired } from "../../lib/policy/suppressions";
import { ALL_RULES } from "../../lib/policy/rules";
import { isViolation } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { t1 } from "./fixtures/realms";
import { tf } from "./fixtures/tf";

const NOW = new Date("2025-06-15T12:00:00Z");
/** The hand-written stack has no alarms and t1 no paging: the observability rules have their own fixtures. */
const RULES = ALL_RULES.filter((r) => !r.id.startsWith("RK-OBSERVABILITY-"));
const stack = {
  ...fromTerraformJson(
    tf({
      aws_cloudwatch_log_group: {
        app: { name: "app", retention_in_days: 365 },
        audit: { name: "audit", retention_in_days: 365, "//": { metadata: { path: "realm-t1/observability/audit" } } },
      },
      aws_kms_key: { k: { enable_key_rotation: false, lifecycle: { prevent_destroy: true } } },
    }) as Record<string, unknown>,
    "cdk.tf.json",
  ),
  stackId: "realm-t1",
};

const realmWith = (entries: string[]) => t1(["suppressions:", ...entries].join("\n"));
const run = (entries: string[]) => {
  const { realm, target } = realmWith(entries);
  return evaluate([{ view: stack, realm, target }], { now: NOW, rules: RULES });
};
const logGroupFindings = (r: ReturnType<typeof run>) => r.findings.filter((f) => f.ruleId === "RK-AWS-LOG-GROUP-ENCRYPTED");

describe("suppressions", () => {
  test("an unexpired suppression marks matching findings suppressed; they stay in every report", () => {
    const result = run([
      "  - { rule: RK-AWS-LOG-GROUP-ENCRYPTED, resource: 'aws_cloudwatch_log_group.*', reason: CloudWatch key policy lands in Q3, approvedBy: cso@ibc.example.com, expires: '2025-06-15' }",
    ]);
    const [app, audit] = logGroupFindings(result);
    expect(app).toMatchObject({
      status: "fail",
      suppressed: { approvedBy: "cso@ibc.example.com", expires: "2025-06-15", reason: "CloudWatch key policy lands in Q3" },
    });
    expect(audit!.suppressed).toBeDefined();
    expect(result.findings.filter(isViolation).map((f) => `${f.ruleId} ${f.address}`)).toEqual(["RK-AWS-KMS-ROTATION aws_kms_key.k"]);

    expect(formatTable(result)).toMatch(
      /SUPPRESSED\s+t1\s+realm-t1\s+RK-AWS-LOG-GROUP-ENCRYPTED\s+aws_cloudwatch_log_group\.app\s+`kms_key_id` is not set \[suppressed until 2025-06-15 by cso@ibc\.example\.com: CloudWatch key policy lands in Q3\]/,
    );
    const json = JSON.parse(formatJson(result));
    expect(json.findings.filter((f: { suppressed?: unknown }) => f.suppressed)).toHaveLength(2);
    expect(json.summary).toMatchObject({ suppressed: 2, violations: 1 });
    const sarif = JSON.parse(formatSarif(result));
    const suppressed = sarif.runs[0].results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(suppressed.map((r: { suppressions: { status: string; kind: string }[] }) => r.suppressions[0])).toEqual([
      expect.objectContaining({ kind: "external", status: "accepted" }),
      expect.objectContaining({ kind: "external", status: "accepted" }),
    ]);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(formatJunit(result));
    const cases = [junit.testsuites.testsuite.testcase].flat();
    const app2 = cases.find(
      (c: Record<string, string>) =>
        c["@_name"] === "aws_cloudwatch_log_group.app" && c["@_classname"] === "realm-t1.RK-AWS-LOG-GROUP-ENCRYPTED",
    );
    expect(app2.skipped["@_message"]).toBe("suppressed until 2025-06-15 by cso@ibc.example.com: CloudWatch key policy lands in Q3");
  });

  test("an expired suppression suppresses nothing and is its own violation at the realm file's line", () => {
    const result = run([
      "  - { rule: RK-AWS-KMS-ROTATION, reason: rotation waits for the HSM move, approvedBy: cso@ibc.example.com, expires: '2025-06-30' }",
      "  - { rule: RK-AWS-LOG-GROUP-ENCRYPTED, reason: CloudWatch key policy lands in Q3, approvedBy: cso@ibc.example.com, expires: '2025-06-14' }",
    ]);
    expect(logGroupFindings(result).map((f) => f.suppressed)).toEqual([undefined, undefined]);
    const expired = result.findings.filter((f) => f.ruleId === "RK-SUPPRESSION-EXPIRED" && f.status === "fail");
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({
      address: "suppressions[1]",
      reason: "suppression of RK-AWS-LOG-GROUP-ENCRYPTED (approved by cso@ibc.example.com) expired on 2025-06-14",
    });
    expect(expired[0]!.location).toMatchObject({ line: 12, col: 5 });
    expect(expired[0]!.location!.file).toMatch(/t1\.yaml$/);
    expect(formatTable(result)).toMatch(
      /RK-SUPPRESSION-EXPIRED\s+suppressions\[1\]\s+suppression of .* expired on 2025-06-14 \(.*t1\.yaml:12:5\)/,
    );
    expect(
      result.findings
        .filter(isViolation)
        .map((f) => `${f.ruleId} ${f.address}`)
        .sort(),
    ).toEqual([
      "RK-AWS-LOG-GROUP-ENCRYPTED aws_cloudwatch_log_group.app",
      "RK-AWS-LOG-GROUP-ENCRYPTED aws_cloudwatch_log_group.audit",
      "RK-SUPPRESSION-EXPIRED suppressions[1]",
    ]);
  });

  test("globs match addresses and construct paths; a suppression without resource covers the rule", () => {
    const byPath = run([
      "  - { rule: RK-AWS-LOG-GROUP-ENCRYPTED, resource: 'realm-t1/observability/**', reason: audit logs use the SIEM key, approvedBy: cso@ibc.example.com, expires: '2026-01-01' }",
    ]);
    expect(logGroupFindings(byPath).map((f) => [f.address, !!f.suppressed])).toEqual([
      ["aws_cloudwatch_log_group.app", false],
      ["aws_cloudwatch_log_group.audit", true],
    ]);
    const whole = run([
      "  - { rule: RK-AWS-LOG-GROUP-ENCRYPTED, reason: the whole realm waits for Q3, approvedBy: cso@ibc.example.com, expires: '2026-01-01' }",
    ]);
    expect(logGroupFindings(whole).every((f) => f.suppressed)).toBe(true);
    expect(addressesMatch("aws_s3_bucket.b[0]", "aws_s3_bucket.b[0]")).toBe(true);
    expect(addressesMatch("module.db.**", "module.db.aws_db_instance.main")).toBe(true);
    expect(addressesMatch("aws_db_instance.*", "aws_db_instance_automated_backups_replication.x")).toBe(false);
  });

  test("dates: a suppression holds through its expiry day (UTC)", () => {
    expect(isExpired("2025-06-15", NOW)).toBe(false);
    expect(isExpired("2025-06-14", NOW)).toBe(true);
  });
});

function addressesMatch(glob: string, address: string): boolean {
  return addressMatcher(glob)(address);
}
