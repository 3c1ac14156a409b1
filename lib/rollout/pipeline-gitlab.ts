import { stringify } from "yaml";
import type { Provider } from "../config/types";
import type { StackMatrixEntry } from "./matrix";
import { optionFlags, type Job, type PipelineModel, type Step, type Trigger } from "./pipeline-model";

export const GITLAB_FILE = ".gitlab-ci.yml";

type Yaml = Record<string, unknown>;

const STACKS_DIR = "cdktf.out/stacks";

/**
 * GitLab CI from the same model. GitLab has no run-time matrix from a job's output, so each
 * per-stack job of the model becomes one job per stack of its wave, and a stack the run did not
 * select (unchanged, or outside the requested scope) finds itself missing from the check job's
 * selection.json and ends at once without touching the cloud.
 */
const RULES: Record<Trigger, Yaml[]> = {
  "change-request": [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }],
  deploy: [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "schedule" && $REALMKIT_SCOPE != "drift"' }],
  drift: [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && ($CI_PIPELINE_SOURCE == "schedule" || $REALMKIT_SCOPE == "drift")' }],
};

const NODE_IMAGE = (v: string) => `node:${v}`;
const TF_IMAGE = (v: string) => ({ name: `hashicorp/terraform:${v}`, entrypoint: [""] });

/** Audience each cloud's token exchange expects; the trust side is in docs/identities.md. */
const AUDIENCE: Record<Provider, string> = {
  aws: "sts.amazonaws.com",
  gcp: "https://iam.googleapis.com/{wip}",
  azure: "api://AzureADTokenExchange",
};

/** OIDC for one stack: the provider SDKs read these variables themselves, no cloud CLI needed. */
function identity(e: StackMatrixEntry): { idTokens: Yaml; variables: Yaml; script: string[] } {
  switch (e.provider) {
    case "aws":
      return {
        idTokens: { REALMKIT_OIDC_TOKEN: { aud: AUDIENCE.aws } },
        variables: { AWS_ROLE_ARN: e.identity, AWS_REGION: e.region, AWS_ROLE_SESSION_NAME: `realmkit-${e.stack}` },
        script: [
          'printf %s "$REALMKIT_OIDC_TOKEN" > "$CI_BUILDS_DIR/.oidc-token"',
          'export AWS_WEB_IDENTITY_TOKEN_FILE="$CI_BUILDS_DIR/.oidc-token"',
        ],
      };
    case "gcp": {
      const wip = e.workloadIdentityProvider;
      return {
        idTokens: { REALMKIT_OIDC_TOKEN: { aud: AUDIENCE.gcp.replace("{wip}", wip.replace(/^\/+/, "")) } },
        variables: { GCP_WIP: wip, GCP_SERVICE_ACCOUNT: e.identity },
        script: [
          'printf %s "$REALMKIT_OIDC_TOKEN" > "$CI_BUILDS_DIR/.oidc-token"',
          // Workload identity federation as an external-account credential file (what google-github-actions/auth writes).
          `printf '{"type":"external_account","audience":"//iam.googleapis.com/%s","subject_token_type":"urn:ietf:params:oauth:token-type:jwt","token_url":"https://sts.googleapis.com/v1/token","service_account_impersonation_url":"https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/%s:generateAccessToken","credential_source":{"file":"%s"}}' "$GCP_WIP" "$GCP_SERVICE_ACCOUNT" "$CI_BUILDS_DIR/.oidc-token" > "$CI_BUILDS_DIR/.gcp-credentials.json"`,
          'export GOOGLE_APPLICATION_CREDENTIALS="$CI_BUILDS_DIR/.gcp-credentials.json"',
        ],
      };
    }
    case "azure":
      return {
        idTokens: { ARM_OIDC_TOKEN: { aud: AUDIENCE.azure } },
        variables: { ARM_USE_OIDC: "true", ARM_CLIENT_ID: e.identity, ARM_TENANT_ID: e.tenant, ARM_SUBSCRIPTION_ID: e.account },
        script: [],
      };
  }
}

/** Realm values go in as variables GitLab does not expand (`$` in a value stays a `$`). */
const literal = (vars: Yaml): Yaml => Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, { value: String(v), expand: false }]));

const skipUnselected = (list: string) =>
  `if ! jq -e --arg s "$STACK" '${list} | select(.stack == $s)' selection.json > /dev/null; then echo "$STACK is not selected in this run: nothing to do"; exit 0; fi`;

function scriptOf(
  steps: readonly Step[],
  opts: { stack?: StackMatrixEntry; summary: boolean },
): { script: string[]; artifacts: string[]; always: boolean } {
  const script: string[] = [];
  const artifacts: string[] = [];
  let always = false;
  const fill = (s: string) =>
    s
      .replace(/\{stack\}/g, opts.stack?.stack ?? "")
      .replace(/\$STACKS_DIR/g, STACKS_DIR)
      .replace(/\{ci\}/g, "gitlab");
  for (const s of steps) {
    if (s.kind === "node") script.push("npm ci");
    else if (s.kind === "login" && opts.stack) script.push(...identity(opts.stack).script);
    else if (s.kind === "run") script.push(fill(s.run).replace(/\n$/, ""));
    else if (s.kind === "upload") {
      artifacts.push(...s.paths.map(fill));
      always ||= Boolean(s.always);
    }
  }
  return { script, artifacts, always };
}

function baseJob(job: Job, model: PipelineModel, stage: string, needs: Yaml[], stack?: StackMatrixEntry): Yaml {
  const o = model.options;
  const usesNode = job.steps.some((s) => s.kind === "node");
  const { script, artifacts, always } = scriptOf(job.steps, { stack, summary: true });
  const retention =
    job.steps.find((s): s is Extract<Step, { kind: "upload" }> => s.kind === "upload")?.retentionDays ?? o.planRetentionDays;
  const id = stack ? identity(stack) : undefined;
  const vars: Yaml = {
    ...(stack ? { STACK: stack.stack, REALM: stack.realm, STACKS_DIR } : {}),
    ...(id && job.access !== "none" ? id.variables : {}),
  };
  const summary = job.steps.some((s) => s.kind === "run" && s.run.includes("$REALMKIT_SUMMARY"));
  const selectionList = job.perStack
    ? job.perStack.wave === "all"
      ? ".plan.include[]"
      : `.waves[] | select(.wave == ${job.perStack.wave}) | .${job.perStack.purpose}.include[]`
    : undefined;
  return {
    stage,
    image: usesNode ? NODE_IMAGE(o.nodeVersion) : TF_IMAGE(o.terraformVersion),
    rules: RULES[job.trigger],
    needs,
    ...(Object.keys(vars).length ? { variables: literal(vars) } : {}),
    // Only jobs that sign in get an OIDC token, and only for their own cloud.
    ...(id && job.access !== "none" && Object.keys(id.idTokens).length ? { id_tokens: id.idTokens } : {}),
    ...(job.environment && stack ? { environment: { name: `realm-${stack.realm}`, action: "start" } } : {}),
    // One apply per stack state at a time, across pipelines.
    ...(job.lockPerStack && stack ? { resource_group: `realmkit-${stack.stack}` } : {}),
    ...(job.timeoutMinutes ? { timeout: `${job.timeoutMinutes} minutes` } : {}),
    script: [
      ...(summary ? ['export REALMKIT_SUMMARY="$CI_PROJECT_DIR/summary.md"'] : []),
      ...(selectionList
        ? [
            stack && !usesNode ? "command -v jq > /dev/null || apk add --no-cache jq > /dev/null" : "",
            skipUnselected(selectionList),
          ].filter(Boolean)
        : []),
      ...script,
    ],
    ...(artifacts.length || summary || job.id === "check"
      ? {
          artifacts: {
            paths: [...artifacts, ...(summary ? ["summary.md"] : []), ...(job.id === "check" ? ["selection.json", "realmkit.sarif"] : [])],
            expire_in: `${retention} day${retention === 1 ? "" : "s"}`,
            ...(always || summary ? { when: "always" } : {}),
            ...(summary ? { expose_as: `${job.id} summary` } : {}),
          },
        }
      : {}),
  };
}

/** The `.gitlab-ci.yml` document: stages per wave, one job per stack and step of the model. */
export function renderGitlabPipeline(model: PipelineModel): Yaml {
  const stacks = model.stacks;
  const doc: Yaml = {};
  const stages: string[] = [];
  const stageOf = (job: Job) =>
    job.wave !== undefined
      ? `wave-${job.wave}`
      : job.trigger === "drift"
        ? "drift"
        : job.id === "check" || job.id === "code-scanning"
          ? "check"
          : "merge-request";
  const instances = new Map<string, string[]>();
  for (const job of model.jobs) {
    if (job.id === "code-scanning") continue; // GitLab reads the SARIF report from the check job's artifacts.
    const stage = stageOf(job);
    if (!stages.includes(stage)) stages.push(stage);
    const needs = job.needs.flatMap((n) => (instances.get(n) ?? []).map((j) => ({ job: j, artifacts: true })));
    // Every per-stack job also reads the check job's selection and synthesized stacks.
    if (!job.needs.includes("check") && job.id !== "check") needs.unshift({ job: "check", artifacts: true });
    if (job.perStack) {
      const { wave, purpose } = job.perStack;
      const mine = stacks.filter((s) => wave === "all" || s.wave === wave).map((s) => s[purpose]);
      const names = mine.map((e) => `${job.id}: ${e.stack}`);
      mine.forEach((e, i) => {
        doc[names[i]!] = baseJob(job, model, stage, needs, e);
      });
      instances.set(job.id, names);
    } else {
      const check = job.id === "check";
      const j = baseJob(job, model, stage, check ? [] : needs);
      if (check) {
        j.rules = [...RULES["change-request"], ...RULES.deploy, ...RULES.drift];
        j.variables = { GIT_DEPTH: "0", SCOPE: "$REALMKIT_SCOPE", WAVE: "$REALMKIT_WAVE", REALMS: "$REALMKIT_REALM_LIST" };
        j.script = [
          "apt-get update -qq > /dev/null && apt-get install -y -qq jq > /dev/null",
          'BASE="${CI_MERGE_REQUEST_DIFF_BASE_SHA:-$CI_COMMIT_BEFORE_SHA}"',
          'if [ -z "$BASE" ] || ! git cat-file -e "$BASE^{commit}" 2>/dev/null; then BASE="$(git rev-parse HEAD~1)"; fi',
          'if [ "$CI_PIPELINE_SOURCE" = schedule ]; then SCOPE=all; fi',
          ...(j.script as string[]),
        ];
        (j.artifacts as Yaml).paths = [...((j.artifacts as Yaml).paths as string[]), `${STACKS_DIR}/`];
      }
      doc[job.id] = j;
      instances.set(job.id, [job.id]);
    }
  }
  return {
    workflow: {
      rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }, { if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" }],
    },
    variables: {
      REALMKIT_REALMS: model.options.realmsDir,
      TF_IN_AUTOMATION: "1",
      REALMKIT_SCOPE: {
        value: "changed",
        options: ["changed", "all", "wave", "realms", "drift"],
        description: "What to roll out (run pipeline)",
      },
      REALMKIT_WAVE: { value: "", description: "With scope wave: the wave number" },
      REALMKIT_REALM_LIST: { value: "", description: "With scope realms: realm or stack ids" },
    },
    stages,
    ...doc,
  };
}

export function renderGitlabText(model: PipelineModel): string {
  const header = [
    "# Generated by `realmkit pipeline gitlab` from the realm inventory. Do not edit by hand:",
    "# change realms/ and run `npx realmkit pipeline gitlab` (CI fails while this file is stale).",
    `# realmkit-pipeline-options: ${JSON.stringify(optionFlags(model.options))}`,
  ].join("\n");
  return `${header}\n${stringify(renderGitlabPipeline(model), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
