import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { evaluate } from "../../lib/policy/engine";
import { formatJson, formatJunit, formatSarif, formatTable } from "../../lib/policy/report";
import { defineResourceRule } from "../../lib/policy/types";
import { ALL_RULES } from "../../lib/policy/rules";
import { readStackFile } from "../../lib/policy/view/load";
import { tf } from "./fixtures/tf";

const schema = JSON.parse(readFileSync(join(__dirname, "fixtures", "sarif", "sarif-2.1.0.schema.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

const dir = mkdtempSync(join(tmpdir(), "realmkit-reports-"));
mkdirSync(join(dir, "stacks", "demo"), { recursive: true });
const file = join(dir, "stacks", "demo", "cdk.tf.json");
writeFileSync(
  file,
  JSON.stringify(
    tf({
      aws_s3_bucket: { docs: { bucket: "ibc-t1-docs" } },
      aws_db_instance: { db: { identifier: "db", engine: "postgres", publicly_accessible: true, password: '<&"quoted"&>' } },
    }),
    null,
    2,
  ),
);
const view = readStackFile(file);
const crash = defineResourceRule({
  id: "RK-TEST-CRASH",
  title: "crashes",
  description: "a rule with a bug",
  severity: "low",
  profiles: ["baseline"],
  provider: "aws",
  resourceTypes: ["aws_s3_bucket"],
  publicIds: {},
  fix: "fix the rule",
  check: () => {
    throw new Error("bug");
  },
});
const result = evaluate([{ view }], { rules: [...ALL_RULES, crash] });

describe("reports", () => {
  test("SARIF validates against the SARIF 2.1.0 schema and points at the resource's line", () => {
    const sarif = JSON.parse(formatSarif(result, { version: "0.1.0", baseDir: dir }));
    const valid = validateSarif(sarif);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // the validator does reject a log the schema forbids (a driver needs a name)
    expect(validateSarif({ version: "2.1.0", runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules).toHaveLength(ALL_RULES.length + 1);
    const publicDb = run.results.find((r: { ruleId: string }) => r.ruleId === "RK-AWS-DB-NOT-PUBLIC");
    expect(publicDb.level).toBe("error");
    expect(run.tool.driver.rules[publicDb.ruleIndex].id).toBe("RK-AWS-DB-NOT-PUBLIC");
    const location = publicDb.locations[0].physicalLocation;
    expect(location.artifactLocation.uri).toBe("stacks/demo/cdk.tf.json");
    expect(readFileSync(file, "utf8").split("\n")[location.region.startLine - 1]).toBe('      "db": {');
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain("RK-TEST-CRASH crashed on demo/aws_s3_bucket.docs");
  });

  test("no secret value leaks into any report", () => {
    for (const text of [formatTable(result), formatJson(result), formatSarif(result), formatJunit(result)])
      expect(text).not.toContain("quoted");
  });

  test("JUnit XML is well-formed with one suite per stack and counts that add up", () => {
    const xml = formatJunit(result);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suite = doc.testsuites.testsuite;
    const cases = [suite.testcase].flat();
    expect(Number(suite["@_tests"])).toBe(cases.length);
    expect(Number(suite["@_failures"])).toBe(cases.filter((c: object) => "failure" in c).length);
    expect(Number(suite["@_errors"])).toBe(1);
    expect(Number(suite["@_skipped"])).toBe(cases.filter((c: object) => "skipped" in c).length);
    const failure = cases.find((c: Record<string, string>) => c["@_classname"] === "demo.RK-AWS-DB-NOT-PUBLIC");
    expect(failure.failure["@_message"]).toBe("`publicly_accessible = true` gives it an internet-routable endpoint");
  });

  test("the table shows realm, stack, rule, resource, reason and how to fix, then a summary", () => {
    const table = formatTable(result);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^STATUS\s+REALM\s+STACK\s+RULE\s+RESOURCE\s+REASON$/);
    const row = lines.findIndex((l) => l.includes("RK-AWS-DB-NOT-PUBLIC"));
    expect(lines[row]).toMatch(
      /^FAIL\s+-\s+demo\s+RK-AWS-DB-NOT-PUBLIC\s+aws_db_instance\.db\s+`publicly_accessible = true` gives it an internet-routable endpoint$/,
    );
    expect(lines[row + 1]).toMatch(/^\s+fix: set `publicly_accessible = false`/);
    expect(lines[1]).toMatch(/^ERROR\s+-\s+demo\s+RK-TEST-CRASH\s+aws_s3_bucket\.docs\s+the rule crashed: Error: bug$/);
    expect(lines.at(-2)).toMatch(
      /^\d+ violations \(\d+ failed, 1 rule errors\), 0 suppressed; 1 stack, \d+ checks: \d+ passed, \d+ not applicable$/,
    );
  });

  test("JSON carries the summary and every non-passing finding", () => {
    const json = JSON.parse(formatJson(result, { version: "0.1.0", now: new Date("2025-01-01T00:00:00Z") }));
    expect(json.tool).toEqual({ name: "realmkit", version: "0.1.0" });
    expect(json.generatedAt).toBe("2025-01-01T00:00:00.000Z");
    expect(json.summary.violations).toBe(
      json.findings.filter((f: { status: string }) => f.status === "fail" || f.status === "error").length,
    );
    expect(json.findings.every((f: { status: string }) => f.status !== "pass")).toBe(true);
  });
});
