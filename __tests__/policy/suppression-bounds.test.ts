import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isWildcard } from "../../lib/config/suppression-bounds";
import { inspectInventory } from "../../lib/model/inventory";
import { evaluate } from "../../lib/policy/engine";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { realmkit } from "../helpers/cli";
import { inDays } from "../helpers/dates";
import { removeInventory } from "../helpers/inventory";
import { inventoryDir, t1Yaml } from "./fixtures/realms";
import { loadRealms } from "../../lib/config/load";
import { buildModel } from "../../lib/model/realm-model";
import { tf } from "./fixtures/tf";

const entry = (fields: string) => `  - { ${fields} }`;
const ok = (rule: string, extra = "") =>
  entry(`rule: ${rule}, ${extra}reason: approved exception for the test, approvedBy: cso@ibc.example.com, expires: '${inDays(30)}'`);

/** The problems validation reports for t1 with these suppression lines (and optional _defaults lines). */
function problems(
  lines: readonly string[],
  defaultsExtra = "",
): { code: string; message: string; fix?: string; line?: number; file?: string }[] {
  const dir = inventoryDir({ "t1.yaml": t1Yaml(["suppressions:", ...lines].join("\n")) });
  try {
    if (defaultsExtra)
      writeFileSync(
        join(dir, "_defaults.yaml"),
        readFileSync(join(dir, "_defaults.yaml"), "utf8").replace(/^policy:\n {2}suppressionMaxDays: \d+\n/m, "") + defaultsExtra,
      );
    return inspectInventory(dir).errors.map((e) => ({
      code: e.code,
      message: e.message,
      fix: e.fix,
      line: e.location?.line,
      file: e.location?.file,
    }));
  } finally {
    removeInventory(dir);
  }
}

describe("suppressions are bounded exceptions", () => {
  test("an expiry within the bound (180 days by default, from _defaults.yaml) is accepted, also one in the past", () => {
    expect(
      problems([
        ok("RK-AWS-KMS-ROTATION"),
        entry(
          `rule: RK-AWS-S3-VERSIONING, reason: ended exceptions stay as a record, approvedBy: cso@ibc.example.com, expires: '2020-01-31'`,
        ),
        entry(
          `rule: RK-AWS-DB-MULTI-AZ, reason: the longest exception allowed, approvedBy: cso@ibc.example.com, expires: '${inDays(180)}'`,
        ),
      ]),
    ).toEqual([]);
  });

  test.each([181, 365, 3000, 400_000].map((d) => [d]))(
    "an expiry %i days ahead is an error at its line, with the latest allowed date as the fix",
    (days) => {
      const date = days > 100_000 ? "2999-12-31" : inDays(days);
      const found = problems([
        ok("RK-AWS-KMS-ROTATION"),
        entry(`rule: RK-AWS-DB-MULTI-AZ, reason: far too long an exception, approvedBy: cso@ibc.example.com, expires: '${date}'`),
      ]);
      expect(found).toEqual([
        expect.objectContaining({
          code: "RK-CONFIG-SUPPRESSION",
          line: 12,
          message: expect.stringContaining(`\`suppressions[1].expires\` is ${date}, more than 180 days ahead`),
        }),
      ]);
      expect(found[0]!.fix).toContain(`expires: "${inDays(180)}"`);
    },
  );

  test("_defaults.yaml sets the bound; a realm or a layer cannot raise its own", () => {
    expect(
      problems(
        [entry(`rule: RK-AWS-DB-MULTI-AZ, reason: two months is too long here, approvedBy: cso@ibc.example.com, expires: '${inDays(60)}'`)],
        "policy:\n  suppressionMaxDays: 30\n",
      ),
    ).toEqual([expect.objectContaining({ message: expect.stringContaining("more than 30 days ahead") })]);
    const raised = problems([
      entry(`rule: RK-AWS-DB-MULTI-AZ, reason: a realm raising its bound, approvedBy: cso@ibc.example.com, expires: '${inDays(900)}'`),
      "policy: { suppressionMaxDays: 3650 }",
    ]);
    expect(raised.map((p) => p.message)).toEqual([
      expect.stringContaining(
        "`policy.suppressionMaxDays` is set in t1.yaml; it bounds every realm's suppressions, so only _defaults.yaml may set it",
      ),
      expect.stringContaining("more than 180 days ahead"),
    ]);
  });

  test.each([
    ["RK-NO-SECRETS", ""],
    ["RK-NO-SECRETS", "resource: 'aws_ssm_parameter.*', "],
    ["RK-NO-SECRETS", "resource: '**', "],
    ["RK-RUNTIME-CONFIG", "resource: 'aws_ssm_parameter.{a,b}', "],
    ["RK-RESIDENCY", ""],
    ["RK-RESIDENCY", "resource: 'aws_s3_bucket.logs?', "],
    ["RK-RESIDENCY", "resource: 'realm-t1/storage/**', "],
    ["RK-DATA-FLOW-RESIDENCY", "resource: 'dataFlows.[a-z]*', "],
    ["RK-DATA-FLOW-RESIDENCY", "resource: '!(dataFlows.keep)', "],
    ["RK-NO-SECRETS", "resource: 'aws_db_instance.(literal|named)', "],
  ])("%s %scannot be suppressed for the whole realm or with a wildcard", (rule, resource) => {
    const found = problems([ok(rule, resource)]);
    expect(found).toEqual([
      expect.objectContaining({
        code: "RK-CONFIG-SUPPRESSION",
        line: 11,
        message: expect.stringContaining(`suppresses ${rule} ${resource ? "with the wildcard" : "for the whole realm"}`),
      }),
    ]);
    expect(found[0]!.fix).toMatch(/name the one resource the exception is for, e\.g\. `resource: /);
  });

  test("protected rules may be suppressed for one named resource; other rules also realm-wide", () => {
    expect(
      problems([
        ok("RK-RESIDENCY", "resource: 'aws_s3_bucket_replication_configuration.exports', "),
        ok("RK-NO-SECRETS", `resource: 'aws_instance.vm["a"]', `),
        ok("RK-DATA-FLOW-RESIDENCY", "resource: 'dataFlows.crm-sync', "),
        ok("RK-AWS-KMS-ROTATION"),
        ok("RK-AWS-S3-VERSIONING", "resource: 'aws_s3_bucket.*', "),
      ]),
    ).toEqual([]);
  });

  test.each([
    ["no approver", `rule: RK-AWS-KMS-ROTATION, reason: rotation waits for the HSM move, expires: '${inDays(30)}'`],
    ["a blank approver", `rule: RK-AWS-KMS-ROTATION, reason: rotation waits for the HSM move, approvedBy: '   ', expires: '${inDays(30)}'`],
    ["no reason", `rule: RK-AWS-KMS-ROTATION, approvedBy: cso@ibc.example.com, expires: '${inDays(30)}'`],
    ["a blank reason", `rule: RK-AWS-KMS-ROTATION, reason: '            ', approvedBy: cso@ibc.example.com, expires: '${inDays(30)}'`],
    ["no expiry", "rule: RK-AWS-KMS-ROTATION, reason: rotation waits for the HSM move, approvedBy: cso@ibc.example.com"],
    [
      "an expiry that is no date",
      "rule: RK-AWS-KMS-ROTATION, reason: rotation waits for the HSM move, approvedBy: cso@ibc.example.com, expires: 'next year'",
    ],
  ])("a suppression with %s is an error at its line", (_what, fields) => {
    const found = problems([entry(fields)]);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ line: 11, file: expect.stringMatching(/t1\.yaml$/) });
  });

  test("the CLI reports them with exit 1, file:line:col and a fix line, no stack trace", () => {
    const dir = inventoryDir({
      "t1.yaml": t1Yaml(
        [
          "suppressions:",
          ok("RK-NO-SECRETS"),
          entry(`rule: RK-AWS-DB-MULTI-AZ, reason: far too long an exception, approvedBy: cso@ibc.example.com, expires: '2999-12-31'`),
        ].join("\n"),
      ),
    });
    try {
      const out = realmkit(["validate", "--realms", dir]);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(
        /t1\.yaml:11:\d+ {2}error {2}RK-CONFIG-SUPPRESSION {2}(?:realm t1: )?`suppressions\[0\]` suppresses RK-NO-SECRETS for the whole realm/,
      );
      expect(out.stderr).toMatch(
        /t1\.yaml:12:\d+ {2}error {2}RK-CONFIG-SUPPRESSION {2}(?:realm t1: )?`suppressions\[1\]\.expires` is 2999-12-31/,
      );
      expect(out.stderr).toMatch(/\n {4}fix: set `expires: "\d{4}-\d\d-\d\d"` or earlier/);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    } finally {
      removeInventory(dir);
    }
  });

  test("the engine never applies a protected rule's realm-wide or wildcard suppression, even without validation", () => {
    const dir = inventoryDir({
      "t1.yaml": t1Yaml(
        [
          "suppressions:",
          ok("RK-NO-SECRETS", "resource: 'aws_db_instance.*', "),
          ok("RK-NO-SECRETS", "resource: aws_db_instance.named, "),
        ].join("\n"),
      ),
    });
    // Modelled straight from the loader, skipping validation (as a library user could).
    const realm = buildModel(loadRealms(dir).realms[0]!, () => undefined);
    removeInventory(dir);
    const target = realm.targets[0]!;
    const view = fromTerraformJson(
      tf({
        aws_db_instance: {
          literal: { identifier: "l", password: "hunter2-hunter2" },
          named: { identifier: "n", password: "hunter2-hunter2" },
        },
      }) as Record<string, unknown>,
      "cdk.tf.json",
    );
    const findings = evaluate([{ view, realm, target }]).findings.filter((f) => f.ruleId === "RK-NO-SECRETS" && f.status === "fail");
    expect(findings.map((f) => [f.address, f.suppressed !== undefined])).toEqual([
      ["aws_db_instance.literal", false],
      ["aws_db_instance.named", true],
    ]);
  });

  test("wildcards are told from exact addresses with indexes", () => {
    for (const w of ["*", "aws_*", "a.**", "a.b?", "a.{b,c}", "a.[bc]", "!(a)", "+(a)", "@(a)", "aws_db_instance.(a|b)", "a.x\\*"])
      expect(isWildcard(w)).toBe(true);
    for (const e of [
      "aws_s3_bucket.b",
      "aws_instance.vm[0]",
      'aws_instance.vm["a-b"]',
      "module.x.aws_s3_bucket.y",
      "dataFlows.crm-sync",
      "realm-t1/storage/docs",
    ])
      expect(isWildcard(e)).toBe(false);
  });
});
