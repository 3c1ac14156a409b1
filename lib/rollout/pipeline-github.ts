import { stringify } from "yaml";
import type { Provider } from "../config/types";
import { annotatePins, uses } from "./actions";
import { optionFlags, type Job, type PipelineModel, type Step, type Trigger } from "./pipeline-model";

export const WORKFLOW_FILE = ".github/workflows/realms.yml";

type Yaml = Record<string, unknown>;

const STACKS_DIR = "stacks";
const m = (key: string) => `\${{ matrix.${key} }}`;

/** Where GitHub Actions puts the job summary; model scripts write to $REALMKIT_SUMMARY. */
const withSummary = (run: string) => (run.includes("$REALMKIT_SUMMARY") ? `REALMKIT_SUMMARY="$GITHUB_STEP_SUMMARY"\n${run}` : run);
const fill = (s: string, perStack: boolean) => s.replace(/\{stack\}/g, perStack ? m("stack") : "").replace(/\$STACKS_DIR/g, STACKS_DIR);

function condition(job: Job, branch: string): string {
  const deployRef = `github.ref == 'refs/heads/${branch}'`;
  const base: Record<Trigger, string> = {
    // The check job runs for every event; PR jobs only on pull requests.
    "change-request":
      job.id === "check"
        ? ""
        : job.id === "code-scanning"
          ? "always() && needs.check.result != 'skipped'"
          : "github.event_name == 'pull_request'",
    deploy: `(github.event_name == 'push' || (github.event_name == 'workflow_dispatch' && inputs.scope != 'drift')) && ${deployRef}`,
    drift: `(github.event_name == 'schedule' || (github.event_name == 'workflow_dispatch' && inputs.scope == 'drift')) && ${deployRef}`,
  };
  const parts: string[] = [];
  // A job whose wave had nothing selected is skipped; one that failed or was cancelled anywhere
  // upstream stops everything after it (its needs list every earlier job, see below).
  if (job.needs.length > 0 && job.trigger === "deploy")
    parts.push("!cancelled() && !contains(needs.*.result, 'failure') && !contains(needs.*.result, 'cancelled')");
  if (base[job.trigger]) parts.push(base[job.trigger]);
  if (job.wave !== undefined) parts.push(`needs.check.outputs.count-wave-${job.wave} != '0'`);
  else if (job.perStack && job.trigger !== "drift") parts.push("needs.check.outputs.count != '0'");
  return parts.join(" && ");
}

function loginSteps(providers: readonly Provider[]): Yaml[] {
  const only = (p: Provider) => (providers.length > 1 ? { if: `matrix.provider == '${p}'` } : {});
  const steps: Record<Provider, Yaml> = {
    aws: {
      name: "AWS credentials (OIDC)",
      ...only("aws"),
      uses: uses("awsCredentials"),
      with: { "role-to-assume": m("identity"), "aws-region": m("region"), "role-session-name": `realmkit-${m("stack")}` },
    },
    gcp: {
      name: "Google Cloud credentials (OIDC)",
      ...only("gcp"),
      uses: uses("gcpAuth"),
      with: { workload_identity_provider: m("workloadIdentityProvider"), service_account: m("identity") },
    },
    azure: {
      name: "Azure credentials (OIDC)",
      ...only("azure"),
      uses: uses("azureLogin"),
      with: { "client-id": m("identity"), "tenant-id": m("tenant"), "subscription-id": m("account") },
    },
  };
  return providers.map((p) => steps[p]);
}

function step(s: Step, job: Job, model: PipelineModel): Yaml[] {
  const o = model.options;
  const per = Boolean(job.perStack);
  switch (s.kind) {
    case "checkout":
      // No token left in .git/config for later steps (npm install scripts run on PR code).
      return [{ uses: uses("checkout"), with: { "fetch-depth": s.fullHistory ? 0 : 1, "persist-credentials": false } }];
    case "node":
      return [{ uses: uses("setupNode"), with: { "node-version": o.nodeVersion, cache: "npm" } }, { run: "npm ci" }];
    case "terraform":
      // The wrapper would mangle `terraform show -json` output.
      return [{ uses: uses("setupTerraform"), with: { terraform_version: o.terraformVersion, terraform_wrapper: false } }];
    case "login":
      return loginSteps(model.providers);
    case "run":
      return [
        {
          name: s.name,
          ...(s.id ? { id: s.id } : {}),
          ...(s.always ? { if: "always()" } : {}),
          ...(s.env ? { env: s.env } : {}),
          run: withSummary(s.run.replace(/\{ci\}/g, "github")),
        },
      ];
    case "upload":
      return [
        {
          name: s.name,
          ...(s.always ? { if: "always()" } : {}),
          uses: uses("uploadArtifact"),
          with: {
            name: fill(s.artifact, per),
            path: s.paths.map((p) => fill(p, per)).join("\n"),
            "retention-days": s.retentionDays,
            "include-hidden-files": s.paths.some((p) => /\/\.[^/]+$/.test(p)),
            "if-no-files-found": "error",
          },
        },
      ];
    case "download":
      return [
        {
          name: s.name,
          uses: uses("downloadArtifact"),
          with: s.all ? { pattern: s.artifact, path: fill(s.path, per) } : { name: fill(s.artifact, per), path: fill(s.path, per) },
        },
      ];
    case "sarif":
      return [
        {
          name: "Guardrails to code scanning",
          if: "always() && hashFiles('realmkit.sarif') != ''",
          uses: uses("uploadSarif"),
          with: { sarif_file: s.file, category: "realmkit" },
        },
      ];
    case "issue":
      return [
        {
          name: "Open or update the drift issue",
          if: `always() && hashFiles('${s.bodyFile}') != ''`,
          uses: uses("githubScript"),
          env: { TITLE: s.title, BODY_FILE: s.bodyFile },
          with: {
            script: [
              "const body = require('fs').readFileSync(process.env.BODY_FILE, 'utf8');",
              "const { owner, repo } = context.repo;",
              "const open = await github.paginate(github.rest.issues.listForRepo, { owner, repo, state: 'open', per_page: 100 });",
              "const found = open.find((i) => i.title === process.env.TITLE && !i.pull_request);",
              "if (found) await github.rest.issues.update({ owner, repo, issue_number: found.number, body });",
              "else await github.rest.issues.create({ owner, repo, title: process.env.TITLE, body });",
            ].join("\n"),
          },
        },
      ];
  }
}

function permissions(job: Job): Yaml {
  const p: Yaml = { contents: "read" };
  // Only jobs that sign in to a cloud may mint an OIDC token; `none` jobs (npm ci on PR code) cannot.
  if (job.access !== "none") p["id-token"] = "write";
  if (job.extraPermissions?.includes("security-events")) p["security-events"] = "write";
  if (job.extraPermissions?.includes("issues")) p.issues = "write";
  return p;
}

function checkOutputs(model: PipelineModel): Yaml {
  const out: Yaml = { count: "${{ steps.select.outputs.count }}", plan: "${{ steps.select.outputs.plan }}" };
  for (const w of model.waves) {
    out[`count-wave-${w.wave}`] = `\${{ steps.select.outputs.count-wave-${w.wave} }}`;
    out[`plan-wave-${w.wave}`] = `\${{ steps.select.outputs.plan-wave-${w.wave} }}`;
    out[`deploy-wave-${w.wave}`] = `\${{ steps.select.outputs.deploy-wave-${w.wave} }}`;
  }
  return out;
}

/** Lines appended to the select step: GITHUB_OUTPUT from selection.json (jq is on every hosted runner). */
function selectOutputs(model: PipelineModel): string {
  const lines = [
    'echo "count=$(jq .count selection.json)" >> "$GITHUB_OUTPUT"',
    'echo "plan=$(jq -c .plan selection.json)" >> "$GITHUB_OUTPUT"',
    ...model.waves.flatMap((w) => [
      `echo "count-wave-${w.wave}=$(jq '[.waves[] | select(.wave == ${w.wave}) | .plan.include[]] | length' selection.json)" >> "$GITHUB_OUTPUT"`,
      `echo "plan-wave-${w.wave}=$(jq -c '.waves[] | select(.wave == ${w.wave}) | .plan' selection.json)" >> "$GITHUB_OUTPUT"`,
      `echo "deploy-wave-${w.wave}=$(jq -c '.waves[] | select(.wave == ${w.wave}) | .deploy' selection.json)" >> "$GITHUB_OUTPUT"`,
    ]),
  ];
  return `${lines.join("\n")}\n`;
}

function matrixSource(job: Job): string {
  const p = job.perStack!;
  if (p.wave === "all") return "${{ fromJSON(needs.check.outputs.plan) }}";
  return `\${{ fromJSON(needs.check.outputs.${p.purpose}-wave-${p.wave}) }}`;
}

function renderJob(job: Job, model: PipelineModel, earlier: readonly string[]): Yaml {
  const per = Boolean(job.perStack);
  const steps = job.steps.flatMap((s) => step(s, job, model));
  if (job.id === "check") {
    const select = steps.find((s) => s.id === "select")!;
    select.run = `${select.run}${selectOutputs(model)}`;
    select.env = {
      BASE: "${{ github.event_name == 'pull_request' && github.event.pull_request.base.sha || github.event.before }}",
      SCOPE: "${{ github.event_name == 'schedule' && 'all' || inputs.scope || 'changed' }}",
      WAVE: "${{ inputs.wave }}",
      REALMS: "${{ inputs.realms }}",
    };
    // A new branch or a force push has no usable base: compare with the parent commit.
    select.run = `if [ -z "\${BASE:-}" ] || ! git cat-file -e "$BASE^{commit}" 2>/dev/null; then BASE="$(git rev-parse HEAD~1)"; fi\n${select.run}`;
  }
  // Deploy jobs need every earlier deploy job, so a failure anywhere upstream is in needs.*.result.
  const needs = job.trigger === "deploy" ? [...new Set(["check", ...earlier])] : job.needs;
  const cond = condition(job, model.options.branch);
  return {
    name: fill(job.title, per).replace(/ +$/, ""),
    ...(needs.length ? { needs } : {}),
    ...(cond ? { if: cond } : {}),
    "runs-on": "ubuntu-latest",
    permissions: permissions(job),
    ...(job.timeoutMinutes ? { "timeout-minutes": job.timeoutMinutes } : {}),
    ...(job.id === "check" ? { outputs: checkOutputs(model) } : {}),
    ...(job.environment ? { environment: { name: `realm-${m("realm")}` } } : {}),
    // One apply per stack state at a time across runs; a newer run waits, never cancels an apply.
    ...(job.lockPerStack ? { concurrency: { group: `realmkit-apply-${m("stack")}`, "cancel-in-progress": false } } : {}),
    ...(per
      ? {
          strategy: { "fail-fast": false, "max-parallel": model.options.maxParallel, matrix: matrixSource(job) },
          env: { STACK: m("stack"), REALM: m("realm"), STACKS_DIR, ...azureEnv(model.providers) },
        }
      : {}),
    steps,
  };
}

/** azurerm (provider and backend) signs in by OIDC itself when told to; empty for other clouds. */
function azureEnv(providers: readonly Provider[]): Record<string, string> {
  if (!providers.includes("azure")) return {};
  return {
    ARM_USE_OIDC: "${{ matrix.provider == 'azure' }}",
    ARM_CLIENT_ID: "${{ matrix.provider == 'azure' && matrix.identity || '' }}",
    ARM_TENANT_ID: "${{ matrix.provider == 'azure' && matrix.tenant || '' }}",
    ARM_SUBSCRIPTION_ID: "${{ matrix.provider == 'azure' && matrix.account || '' }}",
  };
}

/** The GitHub Actions workflow as data. */
export function renderGithubWorkflow(model: PipelineModel): Yaml {
  const o = model.options;
  const jobs: Yaml = {};
  const earlier: string[] = [];
  for (const job of model.jobs) {
    jobs[job.id] = renderJob(job, model, earlier);
    if (job.trigger === "deploy") earlier.push(job.id);
  }
  return {
    name: "realms",
    on: {
      push: { branches: [o.branch] },
      pull_request: { branches: [o.branch] },
      schedule: [{ cron: `17 ${o.driftHour} * * *` }],
      workflow_dispatch: {
        inputs: {
          scope: {
            description: "What to roll out",
            type: "choice",
            options: ["changed", "all", "wave", "realms", "drift"],
            default: "changed",
          },
          wave: { description: "With scope wave: the wave number", type: "string", required: false },
          realms: { description: "With scope realms: realm or stack ids, separated by spaces or commas", type: "string", required: false },
        },
      },
    },
    // Nothing workflow-wide: every job states its own permissions.
    permissions: {},
    env: { REALMKIT_REALMS: o.realmsDir, TF_IN_AUTOMATION: "1" },
    jobs,
  };
}

export function workflowHeader(model: PipelineModel): string {
  const flags = optionFlags(model.options);
  return [
    "# Generated by `realmkit pipeline github` from the realm inventory. Do not edit by hand:",
    "# change realms/ and run `npx realmkit pipeline github` (CI fails while this file is stale).",
    `# realmkit-pipeline-options: ${JSON.stringify(flags)}`,
  ].join("\n");
}

export function renderGithubText(model: PipelineModel): string {
  return `${workflowHeader(model)}\n${annotatePins(stringify(renderGithubWorkflow(model), { lineWidth: 0, aliasDuplicateObjects: false }))}`;
}
