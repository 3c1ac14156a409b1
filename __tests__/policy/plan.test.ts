import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../../lib/policy/engine";
import { checkPlan } from "../../lib/policy/plan-check";
import { ALL_RULES } from "../../lib/policy/rules";
import { PROFILES } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { fromPlanJson } from "../../lib/policy/view/plan";
import { UNKNOWN } from "../../lib/policy/view/types";
import { OFFLINE_AWS_ENV, withInitLock, writeCliConfig } from "../../lib/terraform";
import { realmkit } from "../helpers/cli";
import { describeTerraform, MIRROR, testPluginCache } from "../helpers/terraform";

/**
 * The plan fixtures are `terraform show -json` output of real terraform (1.11) with the real
 * hashicorp/aws 5.100.0 provider, planned offline from the configs beside them. The live tests
 * below re-plan them and compare; REALMKIT_RECORD_FIXTURES=1 rewrites the recorded files.
 *
 * destroy/: a hand-written state (format v4) holding resources the config no longer has (an
 * RDS instance, a KMS key, a VPC) and a bucket whose name changed, planned with -refresh=false
 * (no cloud API): terraform plans three deletes and one replace.
 */
const FIXTURES = join(__dirname, "fixtures", "plan");
const recorded = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, `${name}.plan.json`), "utf8"));

const BLOCKED = ["aws_db_instance.db", "aws_kms_key.old", "aws_s3_bucket.docs"];

describe("plan-check on a recorded terraform plan", () => {
  let plan: Record<string, unknown>;
  beforeAll(() => {
    plan = recorded("destroy");
  });

  test("names every delete and replace of a stateful resource, and nothing else", () => {
    const result = checkPlan(plan);
    expect(result.destructive.map((d) => [d.address, d.kind, d.action])).toEqual([
      ["aws_db_instance.db", "database", "delete"],
      ["aws_kms_key.old", "key", "delete"],
      ["aws_s3_bucket.docs", "bucket", "replace"],
    ]);
    expect(result.blocked.map((d) => d.address)).toEqual(BLOCKED);
    // the deleted VPC is not stateful, the unchanged key is a no-op
    expect(result.changes).toBe(5);
    expect(result.destructive.find((d) => d.address === "aws_s3_bucket.docs")?.reason).toBe("replace_because_cannot_update");
  });

  test("--allow-destroy takes exact addresses and globs", () => {
    const result = checkPlan(plan, { allowDestroy: ["aws_kms_key.old", "aws_s3_bucket.*"] });
    expect(result.blocked.map((d) => d.address)).toEqual(["aws_db_instance.db"]);
    expect(result.destructive.filter((d) => d.allowedBy).map((d) => [d.address, d.allowedBy])).toEqual([
      ["aws_kms_key.old", "aws_kms_key.old"],
      ["aws_s3_bucket.docs", "aws_s3_bucket.*"],
    ]);
  });

  test("refuses input that is not plan JSON", () => {
    expect(() => checkPlan({ resource: {} })).toThrow(/RK-PLAN-NOT-A-PLAN|not `terraform show -json`/);
  });

  test("realmkit plan-check exits 1 naming each blocked resource, 0 when all are allowed", () => {
    const file = join(FIXTURES, "destroy.plan.json");
    const blocked = realmkit(["plan-check", file]);
    expect(blocked.code).toBe(1);
    for (const address of BLOCKED) expect(blocked.stderr).toContain(address);
    expect(blocked.stderr).toContain("3 stateful resource(s) would be destroyed");
    const allowed = realmkit([
      "plan-check",
      file,
      "--allow-destroy",
      "aws_db_instance.db",
      "--allow-destroy",
      "aws_kms_key.*",
      "--allow-destroy",
      "aws_s3_bucket.docs",
    ]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain("no blocked destructive changes (3 allowed, 5 changes checked)");
  });
});

describe("rules on a recorded terraform plan (planned_values)", () => {
  let view: ReturnType<typeof fromPlanJson>;
  let config: ReturnType<typeof fromTerraformJson>;
  beforeAll(() => {
    view = fromPlanJson(recorded("create"), "create.plan.json");
    config = fromTerraformJson(JSON.parse(readFileSync(join(FIXTURES, "create", "main.tf.json"), "utf8")), "main.tf.json");
  });

  test("fills values known only after apply from the configuration's references", () => {
    const sse = view.resources.find((r) => r.address === "aws_s3_bucket_server_side_encryption_configuration.docs")!;
    expect(sse.values.bucket).toBe("${aws_s3_bucket.docs.id}");
    expect(sse.values.rule).toEqual([
      {
        apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.key.arn}" }],
        bucket_key_enabled: null,
      },
    ]);
    const policy = view.resources.find((r) => r.address === "aws_s3_bucket_policy.docs")!;
    expect(policy.values.policy).toBe("${data.aws_iam_policy_document.tls.json}");
    const key = view.resources.find((r) => r.address === "aws_kms_key.key")!;
    expect(key.values.arn).toBe(UNKNOWN);
    expect(key.values.tags_all).toEqual({ realm: "p1", tier: "prod", residency: "eu", compliance: "soc2", "managed-by": "realmkit" });
    // plan JSON has no lifecycle and no backend: the view says "not recorded" instead of guessing
    expect(key.lifecycle).toBeUndefined();
    expect(view.backendRecorded).toBe(false);
    expect(view.providers).toEqual([
      expect.objectContaining({ key: "aws", type: "aws", values: expect.objectContaining({ region: "eu-central-1" }) }),
    ]);
    expect(view.variables.bucket_name).toEqual({ default: "ibc-p1-docs", value: "ibc-p1-docs", sensitive: false });
  });

  test("finds the same violations as in the cdk.tf.json it was planned from", () => {
    const run = (v: typeof view) => evaluate([{ view: v }], { profiles: [...PROFILES], rules: ALL_RULES }).findings;
    const fromPlan = run(view);
    const fromConfig = run(config);
    const failing = (fs: typeof fromPlan) =>
      fs
        .filter((f) => f.status === "fail")
        .map((f) => `${f.ruleId} ${f.address}`)
        .sort();
    const scratch = [
      // The recorded stack has no trail or access logging: every bucket's data access is unlogged.
      "RK-AWS-S3-DATA-ACCESS-LOGGED aws_s3_bucket.docs",
      "RK-AWS-S3-DATA-ACCESS-LOGGED aws_s3_bucket.scratch",
      "RK-AWS-S3-KMS aws_s3_bucket.scratch",
      "RK-AWS-S3-PUBLIC-ACCESS-BLOCKED aws_s3_bucket.scratch",
      "RK-AWS-S3-TLS-ONLY aws_s3_bucket.scratch",
      "RK-AWS-S3-VERSIONING aws_s3_bucket.scratch",
      "RK-STATEFUL-DELETION-PROTECTION aws_s3_bucket.scratch",
    ];
    expect(failing(fromPlan)).toEqual(scratch);
    // lifecycle.prevent_destroy is only in the configuration: plan JSON cannot show it missing
    expect(failing(fromConfig)).toEqual([...scratch, "RK-STATEFUL-PREVENT-DESTROY aws_s3_bucket.scratch"]);
    // what plan JSON cannot know is reported as not applicable, with the reason
    const na = fromPlan.filter((f) => f.status === "not-applicable").map((f) => `${f.ruleId} ${f.address}`);
    expect(na).toEqual(
      expect.arrayContaining([
        "RK-STATE-BACKEND terraform.backend",
        "RK-STATEFUL-PREVENT-DESTROY aws_kms_key.key",
        "RK-STATEFUL-PREVENT-DESTROY aws_s3_bucket.scratch",
      ]),
    );
  });
});

describeTerraform("the recorded plans match live terraform", { mirror: true }, () => {
  const plan = async (name: string): Promise<Record<string, unknown>> => {
    const dir = mkdtempSync(join(tmpdir(), `realmkit-plan-${name}-`));
    try {
      cpSync(join(FIXTURES, name), dir, { recursive: true });
      if (name === "destroy") cpSync(join(dir, "terraform.tfstate.json"), join(dir, "terraform.tfstate"));
      rmSync(join(dir, "terraform.tfstate.json"), { force: true });
      const cache = testPluginCache();
      const rc = writeCliConfig({ dir, pluginCacheDir: cache, mirror: MIRROR, offline: true });
      const env = { ...process.env, ...OFFLINE_AWS_ENV, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
      const tf = (...args: string[]) => {
        const r = spawnSync("terraform", args, { cwd: dir, env, encoding: "utf8", timeout: 300_000 });
        if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed:\n${r.stderr}${r.stdout}`);
        return r.stdout;
      };
      await withInitLock(cache, async () => tf("init", "-input=false", "-no-color"));
      tf("plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out", "plan.bin");
      const json = JSON.parse(tf("show", "-json", "plan.bin")) as Record<string, unknown>;
      if (process.env.REALMKIT_RECORD_FIXTURES === "1")
        writeFileSync(join(FIXTURES, `${name}.plan.json`), `${JSON.stringify(json, null, 2)}\n`);
      return json;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test("destroy: live terraform plans the same deletes and replaces", async () => {
    const live = checkPlan(await plan("destroy"));
    expect(live.destructive).toEqual(checkPlan(recorded("destroy")).destructive);
    expect(live.blocked.map((d) => d.address)).toEqual(BLOCKED);
  });

  test("create: live planned_values give the same findings as the recording", async () => {
    const live = fromPlanJson(await plan("create"));
    const key = (v: typeof live) =>
      evaluate([{ view: v }], { profiles: [...PROFILES] })
        .findings.map((f) => `${f.status} ${f.ruleId} ${f.address}`)
        .sort();
    expect(key(live)).toEqual(key(fromPlanJson(recorded("create"))));
  });
});
