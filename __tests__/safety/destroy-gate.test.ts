import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RealmkitError } from "../../lib/config/errors";
import { allowDestroyMatcher, checkAllowDestroy } from "../../lib/policy/address-pattern";
import { checkPlan } from "../../lib/policy/plan-check";
import { STATEFUL_TYPES } from "../../lib/policy/stateful";
import { STATEFUL_END, STATEFUL_START, statefulTableMarkdown } from "../../lib/policy/stateful-doc";
import { realmkit } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/paths";

/** Issue 11 section 5: the destructive-change gate has no escape. */

const change = (address: string, type: string, actions = ["delete"]) => ({ address, type, mode: "managed", change: { actions } });
const plan = (...changes: ReturnType<typeof change>[]) => ({ format_version: "1.2", resource_changes: changes });

describe("--allow-destroy patterns match whole address parts", () => {
  const cases: [string, string, boolean][] = [
    // exact, and every instance of a resource named without an index
    ["aws_s3_bucket.logs", "aws_s3_bucket.logs", true],
    ["aws_s3_bucket.logs", "aws_s3_bucket.logs[0]", true],
    ["aws_s3_bucket.logs", 'aws_s3_bucket.logs["eu"]', true],
    ['aws_s3_bucket.logs["eu"]', 'aws_s3_bucket.logs["us"]', false],
    ["aws_s3_bucket.logs", "aws_s3_bucket.logs2", false],
    ["aws_s3_bucket.logs", "module.a.aws_s3_bucket.logs", false],
    // `*` stays inside one name
    ["aws_s3_bucket.scratch_*", "aws_s3_bucket.scratch_1", true],
    ["aws_s3_bucket.scratch_*", "aws_s3_bucket.scratch_1[3]", true],
    ["aws_s3_bucket.scratch_*", "aws_s3_bucket.data", false],
    ["aws_s3_bucket.*", "aws_db_instance.x", false],
    ["aws_s3_bucket.*", "module.m.aws_s3_bucket.x", false],
    ["aws_*.scratch", "aws_s3_bucket.scratch", true],
    ["aws_*.scratch", "google_storage_bucket.scratch", false],
    // `module.old.*`: the resources of module.old, never of the modules inside it
    ["module.old.*", "module.old.aws_s3_bucket.x", true],
    ["module.old.*", 'module.old["a"].aws_s3_bucket.x', true],
    ["module.old.*", "module.old.module.prod.aws_db_instance.x", false],
    ["module.old.*", "module.older.aws_s3_bucket.x", false],
    ["module.old.*", "module.new.aws_s3_bucket.x", false],
    ["module.old.*", "aws_s3_bucket.x", false],
    ["module.old*.*", "module.older.aws_s3_bucket.x", true],
    ["module.old*.*", "module.old.module.prod.aws_s3_bucket.x", false],
    // `**`: any depth, asked for explicitly
    ["module.old.**", "module.old.module.prod.aws_db_instance.x", true],
    ["module.old.**", "module.old.aws_db_instance.x", true],
    ["module.old.**", "module.new.aws_db_instance.x", false],
    ["module.old.**.aws_db_instance.x", "module.old.module.a.module.b.aws_db_instance.x", true],
    ["module.old.**.aws_db_instance.x", "module.old.module.a.aws_db_instance.y", false],
    // dots inside an index are part of the index, not a separator
    ['module.m["a.b"].aws_s3_bucket.x', 'module.m["a.b"].aws_s3_bucket.x', true],
    ["module.m.*", 'module.m["a.b"].aws_s3_bucket.x', true],
    ['aws_s3_bucket.x["a.*"]', 'aws_s3_bucket.x["a.b"]', true],
    // glob-library syntax is literal here, never a character class or a path
    ["aws_s3_bucket.x[0]", "aws_s3_bucket.x[0]", true],
    ["aws_s3_bucket.x[0]", "aws_s3_bucket.x0", false],
    // an address not of Terraform's shape is matched by no pattern: it stays blocked
    ["aws_s3_bucket.*", "aws_s3_bucket.x/../../y", false],
    ["aws_s3_bucket.*", "aws_s3_bucket.x.y", false],
    ["data.aws_s3_bucket.x", "aws_s3_bucket.x", false],
  ];
  test.each(cases)("%s against %s → %s", (pattern, address, expected) => {
    expect(allowDestroyMatcher(pattern)(address)).toBe(expected);
  });

  const refused: [string, RegExp][] = [
    ["", /empty/],
    ["   ", /empty/],
    [" aws_s3_bucket.x", /blanks/],
    ["!aws_s3_bucket.keep", /negated/],
    ["!module.prod.**", /negated/],
    ["*", /every resource/],
    ["**", /every resource/],
    ["*.*", /every resource/],
    ["module.*.*", /every resource/],
    ["module.*.**", /every resource/],
    ["**.*", /every resource/],
    ["aws_s3_bucket.{a,b}", /brace/],
    ["module.old", /no resource/],
    ["module.", /not a Terraform address/],
    ["aws_s3_bucket..x", /not a Terraform address/],
    ["aws_s3_bucket.x[", /not a Terraform address/],
    ['aws_s3_bucket.x["a]', /not a Terraform address/],
    ["aws_s3_bucket", /TYPE.NAME/],
    ["a.b.c", /TYPE.NAME/],
  ];
  test.each(refused)("refuses %j (RK-ALLOW-DESTROY-PATTERN, exit 1)", (pattern, why) => {
    let thrown: unknown;
    try {
      checkAllowDestroy(["aws_s3_bucket.fine", pattern]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RealmkitError);
    expect((thrown as RealmkitError).code).toBe("RK-ALLOW-DESTROY-PATTERN");
    expect((thrown as RealmkitError).message).toMatch(why);
    // checkPlan refuses it too, whatever the plan holds: a bad pattern never means "allow all" or "allow none".
    expect(() => checkPlan(plan(), { allowDestroy: [pattern] })).toThrow(RealmkitError);
  });

  test("through the CLI: a bad pattern is exit 1 for plan-check and rollout; module.old.* leaves module.old.module.prod blocked", () => {
    const dir = mkdtempSync(join(tmpdir(), "realmkit-allow-"));
    try {
      const file = join(dir, "plan.json");
      writeFileSync(
        file,
        JSON.stringify(
          plan(
            change("module.old.aws_s3_bucket.logs", "aws_s3_bucket"),
            change("module.old.module.prod.aws_db_instance.main", "aws_db_instance"),
          ),
        ),
      );
      for (const bad of ["", "!aws_db_instance.main", "*"]) {
        const r = realmkit(["plan-check", file, "--allow-destroy", bad]);
        expect([bad, r.code, r.stderr]).toEqual([bad, 1, expect.stringContaining("RK-ALLOW-DESTROY-PATTERN")]);
        const roll = realmkit(["rollout", "--wave", "0", "--apply", "--plans", dir, "--allow-destroy", bad]);
        expect([bad, roll.code, roll.stderr]).toEqual([bad, 1, expect.stringContaining("RK-ALLOW-DESTROY-PATTERN")]);
      }
      const r = realmkit(["plan-check", file, "--allow-destroy", "module.old.*"]);
      expect(r.code).toBe(1);
      const report = r.stdout + r.stderr;
      expect(report).toMatch(/module\.old\.aws_s3_bucket\.logs\s+allowed by --allow-destroy module\.old\.\*/);
      expect(report).toMatch(/module\.old\.module\.prod\.aws_db_instance\.main\s+BLOCKED/);
      expect(realmkit(["plan-check", file, "--allow-destroy", "module.old.**"]).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("one stateful table, on all three clouds, listed in docs/safety.md", () => {
  const required: [string, string][] = [
    // databases
    ["aws_db_instance", "database"],
    ["aws_rds_cluster", "database"],
    ["aws_dynamodb_table", "database"],
    ["google_sql_database_instance", "database"],
    ["google_sql_database", "database"],
    ["google_spanner_database", "database"],
    ["azurerm_postgresql_flexible_server", "database"],
    ["azurerm_mssql_database", "database"],
    ["azurerm_cosmosdb_account", "database"],
    // buckets and storage
    ["aws_s3_bucket", "bucket"],
    ["google_storage_bucket", "bucket"],
    ["azurerm_storage_account", "bucket"],
    ["azurerm_storage_container", "bucket"],
    // keys, vaults, secrets
    ["aws_kms_key", "key"],
    ["google_kms_crypto_key", "key"],
    ["google_kms_key_ring", "key"],
    ["azurerm_key_vault", "vault"],
    ["azurerm_key_vault_key", "key"],
    ["aws_secretsmanager_secret", "secret"],
    ["google_secret_manager_secret", "secret"],
    ["azurerm_key_vault_secret", "secret"],
    // logs
    ["aws_cloudwatch_log_group", "log"],
    ["google_logging_project_bucket_config", "log"],
    ["azurerm_log_analytics_workspace", "log"],
    // clusters
    ["aws_eks_cluster", "cluster"],
    ["google_container_cluster", "cluster"],
    ["azurerm_kubernetes_cluster", "cluster"],
    // DNS zones
    ["aws_route53_zone", "dns-zone"],
    ["google_dns_managed_zone", "dns-zone"],
    ["azurerm_dns_zone", "dns-zone"],
    ["azurerm_private_dns_zone", "dns-zone"],
  ];
  test.each(required)("%s is a %s, and deleting or replacing it is blocked", (type, kind) => {
    expect(STATEFUL_TYPES[type]?.kind).toBe(kind);
    const result = checkPlan(
      plan(
        change(`${type}.main`, type),
        change(`module.m.${type}.other`, type, ["delete", "create"]),
        change(`${type}.kept`, type, ["update"]),
      ),
    );
    expect(result.blocked.map((d) => [d.address, d.action])).toEqual([
      [`${type}.main`, "delete"],
      [`module.m.${type}.other`, "replace"],
    ]);
  });

  test("lookups are by own key only: object internals are no resource type", () => {
    for (const t of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(checkPlan(plan(change(`${t}.x`, t))).blocked).toEqual([]);
    }
  });

  test("docs/safety.md lists exactly the table (npm run docs:safety regenerates it)", () => {
    const text = readFileSync(join(REPO_ROOT, "docs", "safety.md"), "utf8");
    const block = text.slice(text.indexOf(STATEFUL_START) + STATEFUL_START.length + 1, text.indexOf(STATEFUL_END));
    expect(block).toBe(statefulTableMarkdown());
    const listed = [...block.matchAll(/\| `([a-z0-9_]+)` \|/g)].map((m) => m[1]).sort();
    expect(listed).toEqual(Object.keys(STATEFUL_TYPES).sort());
  });
});
