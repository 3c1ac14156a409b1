import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { RealmkitErrors } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { githubWorkflow, renderWorkflow, WORKFLOW_FILE } from "../../lib/rollout/pipeline";
import { rolloutWaves } from "../../lib/rollout/waves";

const REPO = join(__dirname, "..", "..");
const FIXTURE = join(__dirname, "fixtures", "pipeline-realms");
const schema = JSON.parse(readFileSync(join(__dirname, "schemastore", "github-workflow.schema.json"), "utf8"));
// SchemaStore's schema uses draft-07 idioms ajv's strict mode rejects (e.g. `additionalItems` with tuple `items`).
const validateWorkflow = new Ajv({ strict: false, allErrors: true }).compile(schema);

type Job = Record<string, any>;
const generate = (dir: string) => renderWorkflow(githubWorkflow(loadInventory(dir), { realmsDir: "realms" }));

/** The CLI run from another folder (a user's repository), as `npx realmkit` would. */
function cli(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, SWC_NODE_PROJECT: join(REPO, "tsconfig.json") };
  delete env.REALMKIT_REALMS;
  const r = spawnSync(process.execPath, ["-r", require.resolve("@swc-node/register"), join(REPO, "bin", "realmkit.ts"), ...args], { cwd, encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("generated GitHub Actions workflow", () => {
  const text = generate(FIXTURE);
  const workflow = parse(text) as { jobs: Record<string, Job>; [k: string]: any };
  const jobs = workflow.jobs;

  test("is a valid GitHub Actions workflow (SchemaStore JSON schema, ajv)", () => {
    const valid = validateWorkflow(workflow);
    expect(validateWorkflow.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("the schema check has teeth: a misspelt key or a bad permission is rejected", () => {
    expect(validateWorkflow({ ...workflow, permissions: { "id-token": "admin" } })).toBe(false);
    expect(validateWorkflow({ ...workflow, jobs: { ...jobs, check: { ...jobs.check, "run-on": "ubuntu-latest" } } })).toBe(false);
  });

  test("matches the snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  test("PRs plan, only pushes to main deploy; OIDC token and read-only contents", () => {
    expect(workflow.on).toEqual({ push: { branches: ["main"] }, pull_request: { branches: ["main"] } });
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(jobs.plan!.if).toBe("github.event_name == 'pull_request' && needs.check.outputs.count != '0'");
    for (const id of ["deploy-wave-0", "deploy-wave-1", "deploy-wave-2"]) {
      expect(jobs[id]!.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    }
  });

  test("the check job installs, validates, synthesizes, runs the guardrails and finds the affected realms", () => {
    const runs = jobs.check!.steps.map((s: Job) => s.run ?? s.uses);
    expect(runs.slice(0, 7)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "npm ci",
      "npx realmkit validate",
      "npx realmkit synth",
      "npx realmkit policy",
      "npx realmkit pipeline github --check",
    ]);
    expect(runs[7]).toContain('npx realmkit changed --since "$BASE" --json > changed.json');
    expect(jobs.check!.steps[0].with).toEqual({ "fetch-depth": 0 });
    expect(jobs.plan!.strategy.matrix).toBe("${{ fromJSON(needs.check.outputs.matrix) }}");
  });

  test("one deploy job per wave, in wave order; each waits for the previous one (a failed wave stops the rest)", () => {
    const deployIds = Object.keys(jobs).filter((id) => id.startsWith("deploy-"));
    expect(deployIds).toEqual(["deploy-wave-0", "deploy-wave-1", "deploy-wave-2"]);
    expect(jobs["deploy-wave-0"]!.needs).toEqual(["check"]);
    expect(jobs["deploy-wave-1"]!.needs).toEqual(["check", "deploy-wave-0"]);
    expect(jobs["deploy-wave-2"]!.needs).toEqual(["check", "deploy-wave-1"]);
    // No status function in `if`: GitHub adds success(), so a failed or skipped wave skips the later ones.
    for (const id of deployIds) expect(jobs[id]!.if).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)/);
  });

  test("each wave is a matrix over exactly its stacks, with environment, per-stack concurrency and max-parallel", () => {
    for (const wave of rolloutWaves(loadInventory(FIXTURE))) {
      const job = jobs[`deploy-wave-${wave.wave}`]!;
      expect(job.strategy.matrix.include.map((e: Job) => e.stack)).toEqual(wave.stacks.map((s) => s.stackId));
      expect(job.strategy["max-parallel"]).toBe(4);
      expect(job.strategy["fail-fast"]).toBe(false);
      expect(job.environment).toBe("realm-${{ matrix.realm }}");
      expect(job.concurrency).toEqual({ group: "realmkit-apply-${{ matrix.stack }}", "cancel-in-progress": false });
      const apply = job.steps.find((s: Job) => s.name === "Apply the saved plan");
      expect(apply.run).toBe(`npx realmkit rollout --wave ${wave.wave} --apply --plans plans "$STACK"`);
    }
    expect(jobs["deploy-wave-2"]!.strategy.matrix.include).toEqual([
      expect.objectContaining({ realm: "us1", stack: "realm-us1", provider: "aws", identity: "arn:aws:iam::111122223333:role/realmkit-deploy" }),
      expect.objectContaining({
        realm: "us1",
        stack: "realm-us1-gcp",
        provider: "gcp",
        identity: "realmkit-deploy@ibc-us1-backup.iam.gserviceaccount.com",
        workloadIdentityProvider: "projects/210987654321/locations/global/workloadIdentityPools/ci/providers/github",
      }),
    ]);
  });

  test("cloud credentials by OIDC, only for the providers a wave uses", () => {
    const logins = (id: string) => jobs[id]!.steps.filter((s: Job) => /credentials/.test(s.name ?? ""));
    expect(logins("deploy-wave-0")).toEqual([
      {
        name: "AWS credentials (OIDC)",
        uses: "aws-actions/configure-aws-credentials@v4",
        with: { "role-to-assume": "${{ matrix.identity }}", "aws-region": "${{ matrix.region }}", "role-session-name": "realmkit-${{ matrix.stack }}" },
      },
    ]);
    expect(logins("deploy-wave-1")).toEqual([
      expect.objectContaining({ if: "matrix.provider == 'gcp'", uses: "google-github-actions/auth@v2", with: { workload_identity_provider: "${{ matrix.workloadIdentityProvider }}", service_account: "${{ matrix.identity }}" } }),
      expect.objectContaining({ if: "matrix.provider == 'azure'", uses: "azure/login@v2", with: { "client-id": "${{ matrix.identity }}", "tenant-id": "${{ matrix.tenant }}", "subscription-id": "${{ matrix.account }}" } }),
    ]);
    expect(logins("deploy-wave-2").map((s: Job) => s.uses)).toEqual(["aws-actions/configure-aws-credentials@v4", "google-github-actions/auth@v2"]);
    expect(JSON.stringify(jobs["deploy-wave-2"])).not.toContain("ARM_");
  });

  test("a cloud entry without a deploy identity is an error naming the file and what to add", () => {
    const dir = mkdtempSync(join(tmpdir(), "realmkit-pipeline-"));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      writeFileSync(join(dir, "gcp1.yaml"), readFileSync(join(dir, "gcp1.yaml"), "utf8").replace(/ {4}workloadIdentityProvider: .*\n/, ""));
      let err: unknown;
      try {
        githubWorkflow(loadInventory(dir));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RealmkitErrors);
      const [e] = (err as RealmkitErrors).errors;
      expect(e!.code).toBe("RK-PIPELINE-NO-IDENTITY");
      expect(e!.location?.file).toBe(join(dir, "gcp1.yaml"));
      expect(e!.message).toContain("clouds[0] (gcp) has no workloadIdentityProvider");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("adding a realm needs no hand edit: regenerate (and --check catches a stale file)", () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "realmkit-pipeline-repo-"));
    cpSync(FIXTURE, join(repo, "realms"), { recursive: true });
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test("pipeline github writes the workflow; --check passes, then fails once a realm is added, until regenerated", () => {
    expect(cli(["pipeline", "github", "--check"], repo)).toMatchObject({ code: 1, stderr: expect.stringContaining(".github/workflows/realms.yml is missing") });
    expect(cli(["pipeline", "github"], repo)).toMatchObject({ code: 0, stdout: "wrote .github/workflows/realms.yml for 4 realms\n" });
    expect(cli(["pipeline", "github", "--check"], repo)).toMatchObject({ code: 0 });

    writeFileSync(join(repo, "realms", "can2.yaml"), readFileSync(join(repo, "realms", "can1.yaml"), "utf8").replace("realm: can1", "realm: can2").replace("10.10.0.0/16", "10.11.0.0/16"));
    const stale = cli(["pipeline", "github", "--check"], repo);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("is stale: it does not match the inventory in realms");
    expect(stale.stderr).toContain("fix: run `npx realmkit pipeline github`");

    expect(cli(["pipeline", "github"], repo).code).toBe(0);
    const wave0 = (parse(readFileSync(join(repo, WORKFLOW_FILE), "utf8")) as { jobs: Record<string, Job> }).jobs["deploy-wave-0"]!;
    expect(wave0.strategy.matrix.include.map((e: Job) => e.stack)).toEqual(["realm-can1", "realm-can2"]);
  }, 60_000);
});
