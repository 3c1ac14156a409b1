import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { loadInventory } from "../../lib/model/inventory";
import { synthesize } from "../../lib/stacks/synth";
import { realmkit } from "../helpers/cli";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { FIXTURE_REALMS } from "../helpers/synth";
import { tf } from "./fixtures/tf";
import { t1Yaml } from "./fixtures/realms";
import { inDays } from "../helpers/dates";

const dir = mkdtempSync(join(tmpdir(), "realmkit-policy-cli-"));
const bad = join(dir, "bad.tf.json");
writeFileSync(
  bad,
  JSON.stringify(tf({ aws_kms_key: { k: { enable_key_rotation: false, lifecycle: { prevent_destroy: true } } } }), null, 2),
);
const good = join(dir, "good.tf.json");
writeFileSync(
  good,
  JSON.stringify(tf({ aws_kms_key: { k: { enable_key_rotation: true, lifecycle: { prevent_destroy: true } } } }), null, 2),
);

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
      expect(report.findings.find((f: { ruleId: string }) => f.ruleId === "RK-AWS-KMS-ROTATION")).toMatchObject({
        status: "fail",
        suppressed: { approvedBy: "cso@ibc.example.com" },
      });
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
      expect(report.stacks).toEqual([
        expect.objectContaining({ stackId: "realm-us2", realm: "us2", profiles: ["baseline", "soc2", "hipaa"] }),
      ]);
      expect(report.summary).toMatchObject({ violations: 0, stacks: 1 });
      // with the realm's real S3 backend, the backend rule is judged, not skipped
      expect(report.findings.some((f: { ruleId: string }) => f.ruleId === "RK-STATE-BACKEND")).toBe(false);
    } finally {
      removeInventory(realms);
    }
  });

  test("on a folder of synthesized stacks, finds the inventory by itself and applies the realms' suppressions", () => {
    const realms = tempInventory({
      "_defaults.yaml": readFileSync(join(FIXTURE_REALMS, "_defaults.yaml"), "utf8"),
      "t1.yaml": t1Yaml(
        `suppressions:\n  - { rule: RK-AWS-KMS-ROTATION, reason: rotation waits for the HSM move, approvedBy: cso@ibc.example.com, expires: '${inDays(90)}' }`,
      ),
    });
    const out = join(dir, "cdktf.out", "stacks", "realm-t1");
    mkdirSync(out, { recursive: true });
    const stack = {
      "//": { metadata: { stackName: "realm-t1" } },
      ...tf({ aws_kms_key: { k: { enable_key_rotation: false, lifecycle: { prevent_destroy: true } } } }),
    };
    writeFileSync(join(out, "cdk.tf.json"), JSON.stringify(stack, null, 2));
    try {
      const r = realmkit(["policy", join(dir, "cdktf.out"), "--format", "json"], { env: { REALMKIT_REALMS: realms } });
      const report = JSON.parse(r.stdout);
      expect(report.stacks[0]).toMatchObject({ stackId: "realm-t1", realm: "t1", realmSource: "inventory" });
      expect(report.findings.find((f: { ruleId: string }) => f.ruleId === "RK-AWS-KMS-ROTATION")).toMatchObject({
        suppressed: { approvedBy: "cso@ibc.example.com" },
      });
      // without an inventory where it looks, the same folder is judged alone and the violation counts
      const alone = realmkit(["policy", join(dir, "cdktf.out"), "--format", "json"], {
        env: { REALMKIT_REALMS: join(dir, "no-such-inventory") },
      });
      expect(alone.code).toBe(1);
      expect(
        JSON.parse(alone.stdout).findings.find((f: { ruleId: string }) => f.ruleId === "RK-AWS-KMS-ROTATION").suppressed,
      ).toBeUndefined();
    } finally {
      removeInventory(realms);
    }
  });

  test("SARIF of the inventory: schema-valid, every result has a region and a repository-relative URI (never the temp folder)", () => {
    const schema = JSON.parse(readFileSync(join(__dirname, "fixtures", "sarif", "sarif-2.1.0.schema.json"), "utf8"));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    // A repository of its own (a `.git` folder marks the root), run from a subfolder as a user might.
    const repo = mkdtempSync(join(tmpdir(), "realmkit-sarif-repo-"));
    mkdirSync(join(repo, ".git"));
    mkdirSync(join(repo, "realms"));
    mkdirSync(join(repo, "docs"));
    writeFileSync(join(repo, "realms", "_defaults.yaml"), readFileSync(join(FIXTURE_REALMS, "_defaults.yaml"), "utf8"));
    // A suppression naming no rule is a realm-file finding; the stricter profiles add stack-file findings.
    writeFileSync(
      join(repo, "realms", "t1.yaml"),
      t1Yaml(
        `suppressions:\n  - { rule: RK-NO-SUCH-RULE, reason: a rule id with a typo in it, approvedBy: cso@ibc.example.com, expires: '${inDays(90)}' }`,
      ),
    );
    const r = realmkit(["policy", "--format", "sarif", "--out", "../report.sarif", "--profile", "hipaa", "--profile", "pci"], {
      cwd: join(repo, "docs"),
      env: { REALMKIT_REALMS: "../realms" },
    });
    expect(r.stderr).toMatch(/report written to/);
    const sarif = JSON.parse(readFileSync(join(repo, "report.sarif"), "utf8"));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    type Result = {
      ruleId: string;
      locations: { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
    };
    const results = sarif.runs[0].results as Result[];
    const where = results.map((x) => [
      x.ruleId,
      x.locations[0]?.physicalLocation?.artifactLocation.uri,
      (x.locations[0]?.physicalLocation?.region?.startLine ?? 0) > 0,
    ]);
    expect(where).toContainEqual(["RK-SUPPRESSION-UNKNOWN-RULE", "realms/t1.yaml", true]);
    // stacks are named where `realmkit synth` run from the same folder writes them
    expect(where.some(([, uri]) => uri === "docs/cdktf.out/stacks/realm-t1/cdk.tf.json")).toBe(true);
    for (const [rule, uri, hasRegion] of where)
      expect([rule, uri, hasRegion]).toEqual([
        rule,
        expect.stringMatching(/^(realms\/(t1|_defaults)\.yaml|docs\/cdktf\.out\/stacks\/realm-t1\/cdk\.tf\.json)$/),
        true,
      ]);
    // the stack line is the resource's line in what `realmkit synth` writes there
    const stackResult = results.find((x) => x.locations[0]?.physicalLocation?.artifactLocation.uri.startsWith("docs/cdktf.out"));
    // synth's own gate would refuse this realm, so the stack is written the way `realmkit synth` writes it, ungated
    synthesize(loadInventory(join(repo, "realms")), { backend: "remote", outdir: join(repo, "docs", "cdktf.out") });
    const lines = readFileSync(join(repo, "docs", "cdktf.out", "stacks", "realm-t1", "cdk.tf.json"), "utf8").split("\n");
    expect(lines[(stackResult?.locations[0]?.physicalLocation?.region?.startLine ?? 0) - 1]).toMatch(/^\s+"[\w-]+": \{$/);
  });

  test("--profile must name a profile", () => {
    const r = realmkit(["policy", good, "--profile", "iso27001"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("RK-CLI-BAD-OPTION  unknown profile `iso27001`");
  });
});
