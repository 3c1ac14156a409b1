import { stringify } from "yaml";
import type { Provider } from "../config/types";
import type { Inventory } from "../model/inventory";
import { checkDeployIdentities, matrixEntry, type StackMatrixEntry } from "./matrix";
import { rolloutWaves } from "./waves";

export interface PipelineOptions {
  /** The inventory folder as the workflow should name it (relative to the repository root). @default "realms" */
  readonly realmsDir?: string;
  /** Branch that deploys. @default "main" */
  readonly branch?: string;
  /** Deploy jobs running at once within one wave. @default 4 */
  readonly maxParallel?: number;
  /** Node.js line CI runs on: the current LTS. @default "26" */
  readonly nodeVersion?: string;
  /** terraform version CI installs. @default "1.11.4" */
  readonly terraformVersion?: string;
}

export const WORKFLOW_FILE = ".github/workflows/realms.yml";

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

const PLANS = "plans";

/** Setup shared by every job: code, node, dependencies. */
function setupSteps(nodeVersion: string, fetchDepth: number): Step[] {
  return [
    { uses: "actions/checkout@v4", with: { "fetch-depth": fetchDepth } },
    { uses: "actions/setup-node@v4", with: { "node-version": nodeVersion, cache: "npm" } },
    { run: "npm ci" },
  ];
}

function terraformStep(version: string): Step {
  // The wrapper would mangle `terraform show -json` output that realmkit parses.
  return { uses: "hashicorp/setup-terraform@v3", with: { terraform_version: version, terraform_wrapper: false } };
}

/**
 * OIDC login per provider, fed from the matrix entry. With one provider in a job's matrix the
 * step is unconditional; with several each runs only for its own stacks.
 */
function credentialSteps(providers: readonly Provider[]): Step[] {
  const guard = (p: Provider) => (providers.length > 1 ? { if: `matrix.provider == '${p}'` } : {});
  const steps: Record<Provider, Step> = {
    aws: {
      name: "AWS credentials (OIDC)",
      ...guard("aws"),
      uses: "aws-actions/configure-aws-credentials@v4",
      with: { "role-to-assume": "${{ matrix.identity }}", "aws-region": "${{ matrix.region }}", "role-session-name": "realmkit-${{ matrix.stack }}" },
    },
    gcp: {
      name: "Google Cloud credentials (OIDC)",
      ...guard("gcp"),
      uses: "google-github-actions/auth@v2",
      with: { workload_identity_provider: "${{ matrix.workloadIdentityProvider }}", service_account: "${{ matrix.identity }}" },
    },
    azure: {
      name: "Azure credentials (OIDC)",
      ...guard("azure"),
      uses: "azure/login@v2",
      with: { "client-id": "${{ matrix.identity }}", "tenant-id": "${{ matrix.tenant }}", "subscription-id": "${{ matrix.account }}" },
    },
  };
  return (["aws", "gcp", "azure"] as const).filter((p) => providers.includes(p)).map((p) => steps[p]);
}

/** The azurerm provider and backend authenticate by OIDC themselves when told to. */
function terraformEnv(providers: readonly Provider[]): Record<string, string> {
  const env: Record<string, string> = { STACK: "${{ matrix.stack }}" };
  if (providers.includes("azure")) {
    Object.assign(env, {
      ARM_USE_OIDC: "${{ matrix.provider == 'azure' }}",
      ARM_CLIENT_ID: "${{ matrix.provider == 'azure' && matrix.identity || '' }}",
      ARM_TENANT_ID: "${{ matrix.provider == 'azure' && matrix.tenant || '' }}",
      ARM_SUBSCRIPTION_ID: "${{ matrix.provider == 'azure' && matrix.account || '' }}",
    });
  }
  return env;
}

function uploadStep(name: string): Step {
  return {
    name: "Upload plan, plan JSON and logs",
    if: "always()",
    uses: "actions/upload-artifact@v4",
    with: {
      name,
      path: `${PLANS}/\${{ matrix.realm }}/\n${PLANS}/plan-report.json\n`,
      "if-no-files-found": "warn",
    },
  };
}

function checkJob(nodeVersion: string): Job {
  return {
    name: "validate, synthesize, guardrails",
    "runs-on": "ubuntu-latest",
    outputs: { matrix: "${{ steps.changed.outputs.matrix }}", count: "${{ steps.changed.outputs.count }}" },
    steps: [
      ...setupSteps(nodeVersion, 0),
      { name: "Validate realms", run: "npx realmkit validate" },
      { name: "Synthesize", run: "npx realmkit synth" },
      { name: "Guardrails", run: "npx realmkit policy" },
      { name: "Workflow is up to date", run: "npx realmkit pipeline github --check" },
      {
        name: "Affected realms",
        id: "changed",
        env: {
          BASE: "${{ github.event_name == 'pull_request' && github.event.pull_request.base.sha || github.event.before }}",
        },
        run: [
          "# A new branch or a force push has no usable base: compare with the parent commit.",
          'if [ -z "$BASE" ] || ! git cat-file -e "$BASE^{commit}" 2>/dev/null; then BASE="$(git rev-parse HEAD~1)"; fi',
          'npx realmkit changed --since "$BASE" --json > changed.json',
          'echo "matrix=$(jq -c .matrix changed.json)" >> "$GITHUB_OUTPUT"',
          "echo \"count=$(jq '.matrix.include | length' changed.json)\" >> \"$GITHUB_OUTPUT\"",
          '{ echo "### Realms affected since ${BASE:0:12}"; jq -r \'if (.realms | length) == 0 then "none" else (.realms[] | "- \\(.realm): \\(.status)") end\' changed.json; } >> "$GITHUB_STEP_SUMMARY"',
          "",
        ].join("\n"),
      },
    ],
  };
}

function planJob(providers: readonly Provider[], o: Required<PipelineOptions>): Job {
  return {
    name: "plan ${{ matrix.stack }}",
    needs: "check",
    if: "github.event_name == 'pull_request' && needs.check.outputs.count != '0'",
    "runs-on": "ubuntu-latest",
    strategy: { "fail-fast": false, "max-parallel": o.maxParallel, matrix: "${{ fromJSON(needs.check.outputs.matrix) }}" },
    steps: [...planSteps(providers, o), uploadStep("plan-${{ matrix.stack }}")],
  };
}

/** Set up, sign in to the stack's cloud, plan it and summarise: what plan and deploy jobs share. */
function planSteps(providers: readonly Provider[], o: Required<PipelineOptions>): Step[] {
  return [
    ...setupSteps(o.nodeVersion, 1),
    terraformStep(o.terraformVersion),
    ...credentialSteps(providers),
    { name: "Plan", env: terraformEnv(providers), run: `npx realmkit plan "$STACK" --out ${PLANS}` },
    { name: "Summary", if: "always()", run: `cat ${PLANS}/plan-summary.md >> "$GITHUB_STEP_SUMMARY" || true` },
  ];
}

function deployJob(wave: number, entries: readonly StackMatrixEntry[], previous: string | undefined, o: Required<PipelineOptions>): Job {
  const providers = [...new Set(entries.map((e) => e.provider))].sort() as Provider[];
  return {
    name: `deploy wave ${wave} \${{ matrix.stack }}`,
    // A failed (or skipped) wave skips every later wave: jobs run only on success() of their needs.
    needs: previous ? ["check", previous] : ["check"],
    if: `github.event_name == 'push' && github.ref == 'refs/heads/${o.branch}'`,
    "runs-on": "ubuntu-latest",
    environment: "realm-${{ matrix.realm }}",
    // One apply per stack state at a time; a newer run waits rather than cancelling an apply.
    concurrency: { group: "realmkit-apply-${{ matrix.stack }}", "cancel-in-progress": false },
    strategy: {
      // Cancelling a running apply can leave state and cloud apart: let started applies finish.
      "fail-fast": false,
      "max-parallel": o.maxParallel,
      matrix: { include: entries.map((e) => ({ ...e })) },
    },
    steps: [
      ...planSteps(providers, o),
      { name: "Apply the saved plan", env: terraformEnv(providers), run: `npx realmkit rollout --wave ${wave} --apply --plans ${PLANS} "$STACK"` },
      uploadStep(`deploy-\${{ matrix.stack }}`),
    ],
  };
}

/**
 * The GitHub Actions workflow for an inventory: checks on every push and PR, plans of the
 * affected stacks on PRs, and on the deploy branch one job per wave in wave order, each a
 * matrix over that wave's stacks. Everything realm-specific comes from the inventory, so
 * adding a realm means regenerating, never editing the workflow.
 */
export function githubWorkflow(inventory: Inventory, options: PipelineOptions = {}): Record<string, unknown> {
  checkDeployIdentities(inventory);
  const o: Required<PipelineOptions> = {
    realmsDir: options.realmsDir ?? "realms",
    branch: options.branch ?? "main",
    maxParallel: options.maxParallel ?? 4,
    nodeVersion: options.nodeVersion ?? "26",
    terraformVersion: options.terraformVersion ?? "1.11.4",
  };
  const realms = new Map(inventory.realms.map((r) => [r.id, r]));
  const providers = [...new Set(inventory.realms.flatMap((r) => r.targets.map((t) => t.provider)))].sort() as Provider[];
  const jobs: Record<string, Job> = { check: checkJob(o.nodeVersion), plan: planJob(providers, o) };
  let previous: string | undefined;
  for (const wave of rolloutWaves(inventory)) {
    const entries = wave.stacks.map((s) => matrixEntry(realms.get(s.realm)!, realms.get(s.realm)!.targets.find((t) => t.stackId === s.stackId)!));
    const id = `deploy-wave-${wave.wave}`;
    jobs[id] = deployJob(wave.wave, entries, previous, o);
    previous = id;
  }
  return {
    name: "realms",
    on: { push: { branches: [o.branch] }, pull_request: { branches: [o.branch] } },
    permissions: { "id-token": "write", contents: "read" },
    env: { REALMKIT_REALMS: o.realmsDir, TF_IN_AUTOMATION: "1" },
    jobs,
  };
}

export const WORKFLOW_HEADER = [
  "# Generated by `realmkit pipeline github` from the realm inventory. Do not edit by hand:",
  "# change realms/ and run `npx realmkit pipeline github` (CI fails while this file is stale).",
].join("\n");

export function renderWorkflow(workflow: Record<string, unknown>): string {
  return `${WORKFLOW_HEADER}\n${stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
