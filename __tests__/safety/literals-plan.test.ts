import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { escapeTemplate } from "../../lib/model/literal";
import { MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";
import { REPO_ROOT } from "../helpers/paths";
import { describeTerraform, testPluginCache } from "../helpers/terraform";
import { HOSTILE_TEMPLATES } from "./hostile";

/**
 * Issue 11 §2 against terraform itself: an AWS realm with every hostile value in its tags, its
 * alert e-mail and a service URL is planned offline by `realmkit plan --offline` with the real
 * hashicorp/aws provider. Each value must come out of `terraform show -json` as the literal the
 * user wrote, and a canary in the environment must appear nowhere: not in the plan JSON, the
 * log or the command's output.
 */
const CANARY = `rk-canary-${process.pid}-6b1f0c`;
const VALUES = HOSTILE_TEMPLATES;

describeTerraform("hostile realm values plan as literals with the real AWS provider", { mirror: true }, () => {
  let dir: string;
  let out: string;
  let run: ReturnType<typeof spawnSync>;
  let planText: string;
  let logText: string;

  beforeAll(() => {
    const tags = VALUES.map((v, i) => `  t${i}: ${JSON.stringify(v)}`).join("\n");
    dir = tempInventory({
      "_defaults.yaml": MINIMAL_DEFAULTS,
      "r1.yaml": `realm: r1
clouds:
  - { provider: aws, region: us-east-2, account: "111122223333" }
services:
  svc: { url: "https://api.example.com/\${file(\\"/proc/self/environ\\")}", secret: true }
observability: { alertEmails: ["\${path.cwd}%{x}@example.com"] }
tags:
${tags}
`,
    });
    out = mkdtempSync(join(tmpdir(), "realmkit-hostile-plan-"));
    run = spawnSync(
      process.execPath,
      ["-r", "@swc-node/register", join(REPO_ROOT, "bin", "realmkit.ts"), "plan", "--offline", "--realms", dir, "--out", out],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, TF_PLUGIN_CACHE_DIR: testPluginCache(), REALMKIT_CANARY_SECRET: CANARY, TF_VAR_secret: CANARY },
        timeout: 10 * 60_000,
      },
    );
    const files = readdirSync(join(out, "r1"));
    planText = readFileSync(join(out, "r1", files.find((f) => f.endsWith(".plan.json"))!), "utf8");
    logText = readFileSync(join(out, "r1", files.find((f) => f.endsWith(".log"))!), "utf8");
  }, 10 * 60_000);

  afterAll(() => {
    removeInventory(dir);
    rmSync(out, { recursive: true, force: true });
  });

  test("the plan succeeds", () => {
    expect([run.status, run.stderr]).toEqual([0, expect.any(String)]);
    expect(JSON.parse(planText).errored).toBe(false);
  });

  test("every hostile tag value is a literal in the planned default tags and resource tags_all", () => {
    const plan = JSON.parse(planText);
    const provider = plan.configuration.provider_config.aws;
    const resources = plan.planned_values.root_module.resources as Array<{ values?: { tags_all?: Record<string, string> } }>;
    const tagged = resources.filter((r) => r.values?.tags_all && "t0" in r.values.tags_all);
    expect(tagged.length).toBeGreaterThan(3);
    VALUES.forEach((v, i) => {
      for (const r of tagged) expect(r.values!.tags_all![`t${i}`]).toBe(v);
    });
    // Terraform itself classifies the map as a constant (no references, no calls): its source
    // text is the escaped form Realmkit wrote.
    VALUES.forEach((v, i) => expect(provider.expressions.default_tags[0].tags.constant_value[`t${i}`]).toBe(escapeTemplate(v)));
  });

  test("the e-mail is a literal too, and no working folder was read", () => {
    const values = JSON.stringify(JSON.parse(planText).planned_values);
    expect(values).toContain(JSON.stringify("${path.cwd}%{x}@example.com"));
    // `${path.cwd}` evaluated would put the stack's working folder (inside --out) into the plan.
    expect(values).not.toContain(out);
  });

  test("nothing of the process environment reaches the plan, the log or the output", () => {
    for (const [name, text] of [
      ["plan JSON", planText],
      ["log", logText],
      ["stdout", String(run.stdout)],
      ["stderr", String(run.stderr)],
    ] as const) {
      expect([name, text.includes(CANARY)]).toEqual([name, false]);
    }
  });
});
