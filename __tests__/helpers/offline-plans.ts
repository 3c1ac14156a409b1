import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory } from "../../lib/model/inventory";
import { normalisePlan, type PlanJson } from "../../lib/terraform/plan-json";
import { mirroredSources } from "../../lib/terraform/providers";
import type { StackPlanResult } from "../../lib/terraform/runner";
import { describeTerraform, testPluginCache } from "./terraform";

/**
 * Every stack of the inventory in `dir` whose provider the mirror holds passes `terraform
 * validate` and `terraform plan` against the real provider offline (provider mirror, shared
 * plugin cache, local backend, dummy credentials), through `realmkit plan --offline` exactly as
 * a user runs it. Each plan is snapshotted in a normalised form (in the calling test file's
 * snapshots).
 */
export function describeOfflinePlans(title: string, dir: string): void {
  const REPO = join(__dirname, "..", "..");

  const stacks = loadInventory(dir).realms.flatMap((r) =>
    r.targets.map((t) => ({
      stackId: t.stackId,
      realm: r.id,
      provider: t.provider,
      cluster: t.components.has("cluster"),
    })),
  );
  // Stacks whose provider the mirror holds are planned (here: AWS; google and azurerm too on a
  // machine whose mirror has them); the others must be reported as skipped.
  const SOURCES: Record<string, string> = {
    aws: "registry.terraform.io/hashicorp/aws",
    gcp: "registry.terraform.io/hashicorp/google",
    azure: "registry.terraform.io/hashicorp/azurerm",
  };
  // Without a mirror the suite fails (CI) or is skipped (REALMKIT_SKIP_TERRAFORM_TESTS) before planning.
  const mirrored = new Set(process.env.REALMKIT_PROVIDER_MIRROR ? mirroredSources(process.env.REALMKIT_PROVIDER_MIRROR) : [SOURCES.aws!]);
  const awsStacks = stacks.filter((s) => mirrored.has(SOURCES[s.provider]!));
  const otherStacks = stacks.filter((s) => !mirrored.has(SOURCES[s.provider]!));

  describeTerraform(title, { mirror: true }, () => {
    let out: string;
    let run: { code: number | null; stdout: string; stderr: string };
    let results: Map<string, StackPlanResult>;

    beforeAll(() => {
      out = mkdtempSync(join(tmpdir(), "realmkit-plan-samples-"));
      const r = spawnSync(
        process.execPath,
        ["-r", "@swc-node/register", join(REPO, "bin", "realmkit.ts"), "plan", "--offline", "--realms", dir, "--out", out],
        {
          cwd: REPO,
          encoding: "utf8",
          env: { ...process.env, TF_PLUGIN_CACHE_DIR: testPluginCache() },
          timeout: 20 * 60_000,
        },
      );
      run = { code: r.status, stdout: r.stdout, stderr: r.stderr };
      const report = JSON.parse(readFileSync(join(out, "plan-report.json"), "utf8")) as { stacks: StackPlanResult[] };
      results = new Map(report.stacks.map((s) => [s.stackId, s]));
    }, 20 * 60_000);

    afterAll(() => {
      if (results) {
        const lines = awsStacks.map(({ stackId }) => {
          const ms = results.get(stackId)?.ms ?? {};
          return `${stackId.padEnd(16)} init ${ms.init} plan ${ms.plan} show ${ms.show} total ${ms.total} ms`;
        });
        process.stdout.write(`terraform time per stack (2 at a time):\n${lines.join("\n")}\n`);
      }
      rmSync(out, { recursive: true, force: true });
    });

    test("realmkit plan --offline exits 0 and reports every stack of the inventory, none dropped", () => {
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.code).toBe(0);
      expect([...results.keys()].sort()).toEqual(stacks.map((s) => s.stackId).sort());
      expect(run.stdout).toMatch(new RegExp(`${awsStacks.length} planned, 0 failed, ${otherStacks.length} skipped`));
    });

    test.each(awsStacks.map((s) => [s.stackId, s.realm]))(
      "%s passes terraform validate and plan; normalised plan snapshot",
      (stackId, realm) => {
        // terraform plan validates the configuration first: a separate validate runs only after a failed plan.
        const r = results.get(stackId)!;
        const logFile = join(out, realm, `${stackId}.log`);
        const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : `(no log at ${logFile})`;
        // On failure the assertion shows the step, terraform's reason and the end of the stack's log.
        const outcome = (x: StackPlanResult | undefined) => ({
          status: x?.status,
          failedStep: x?.failedStep,
          reason: x?.reason,
          log: x?.status === "planned" ? undefined : log.split("\n").slice(-40).join("\n"),
        });
        expect(outcome(r)).toEqual({ status: "planned", failedStep: undefined, reason: undefined, log: undefined });
        // plan ran once, after init, and succeeded; validate runs only when plan fails.
        expect(log).toMatch(/\$ terraform plan -input=false[^\n]*\n[\s\S]*?# exit 0 /);
        expect(log).not.toContain("validate -json");
        expect(log).toContain(`Plan: ${r.summary!.add} to add, 0 to change, 0 to destroy.`);
        expect(existsSync(join(out, realm, `${stackId}.tfplan`))).toBe(true);

        const plan = JSON.parse(readFileSync(join(out, realm, `${stackId}.plan.json`), "utf8")) as PlanJson;
        expect(plan.errored).toBe(false);
        expect(r.summary).toMatchObject({
          change: 0,
          destroy: 0,
          destructive: [],
        });
        expect(r.summary!.add).toBeGreaterThan(20);
        const normalised = normalisePlan(plan, { paths: { [out]: "<out>" } });
        expect(JSON.stringify(normalised)).not.toContain(out);
        expect(normalised).toMatchSnapshot();
      },
    );

    test.each(awsStacks.filter((s) => s.cluster).map((s) => [s.stackId, s.realm]))(
      "%s plans the runtime configuration parameter with the document wired to its resources",
      (stackId, realm) => {
        const plan = JSON.parse(readFileSync(join(out, realm, `${stackId}.plan.json`), "utf8")) as {
          resource_changes: { type: string; change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> } }[];
          configuration: { root_module: { resources: { type: string; expressions: Record<string, { references?: string[] }> }[] } };
        };
        const [change, ...more] = plan.resource_changes.filter((c) => c.type === "aws_ssm_parameter");
        expect(more).toEqual([]);
        expect(change!.change.after).toMatchObject({
          name: `/ibc/${realm}/runtime-config`,
          type: "SecureString",
          tier: "Intelligent-Tiering",
        });
        // The document interpolates values known only after apply: terraform plans it as unknown and records what it refers to.
        expect(change!.change.after_unknown.value).toBe(true);
        const expression = plan.configuration.root_module.resources.find((r) => r.type === "aws_ssm_parameter")!.expressions.value!;
        expect(expression.references).toEqual(
          expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket\..+\.bucket$/), expect.stringMatching(/^aws_sns_topic\..+\.arn$/)]),
        );
      },
    );

    test("stacks whose provider is not in the mirror are SKIPPED with the reason, listed in the table", () => {
      for (const s of otherStacks) {
        const r = results.get(s.stackId)!;
        expect(r.status).toBe("skipped");
        expect(r.reason).toMatch(/is not installed in the provider mirror/);
        expect(run.stdout).toMatch(new RegExp(`${s.stackId}\\s+skipped.*not installed in the provider mirror`));
      }
    });

    test("the closing table has add / change / destroy and the effect on the realm per stack", () => {
      const header = run.stdout.split("\n").find((l) => l.startsWith("REALM"));
      expect(header?.split(/\s+/)).toEqual(["REALM", "STACK", "STATUS", "ADD", "CHANGE", "DESTROY", "EFFECT", "SECONDS", "NOTE"]);
      for (const { stackId, realm } of awsStacks) {
        const s = results.get(stackId)!.summary!;
        // a first plan only creates: nothing running is interrupted
        expect(run.stdout).toMatch(new RegExp(`^${realm}\\s+${stackId}\\s+planned\\s+${s.add}\\s+0\\s+0\\s+no interruption\\s`, "m"));
      }
    });
  });
}
