import { RealmkitError } from "../config/errors";
import type { Provider } from "../config/types";
import type { Inventory } from "../model/inventory";
import { checkDeployIdentities, matrixEntry, type StackMatrixEntry } from "./matrix";
import { waveRules, type WaveRules } from "./pacing";
import { rolloutWaves } from "./waves";

/**
 * The CI pipeline as data, independent of any CI system: which jobs exist, what each may touch,
 * what it runs and what it hands on. The GitHub Actions and GitLab CI renderers turn it into
 * their syntax; a third CI system is a third renderer, never a second model.
 *
 * Shell steps are CI-neutral: per-stack jobs see STACK, REALM and STACKS_DIR, every job may
 * append Markdown to "$REALMKIT_SUMMARY", and nothing a realm file says is spliced into a
 * script (identities reach jobs as variables, never as shell text).
 */

/** What a job may do with the clouds. `none` jobs get no OIDC token at all. */
export type Access = "none" | "plan" | "deploy";

/** Which runs a job belongs to. */
export type Trigger = "change-request" | "deploy" | "drift";

export type Step =
  | { readonly kind: "checkout"; readonly fullHistory?: boolean }
  | { readonly kind: "node" }
  | { readonly kind: "terraform" }
  | { readonly kind: "login" }
  | {
      readonly kind: "run";
      readonly name: string;
      readonly run: string;
      readonly id?: string;
      readonly always?: boolean;
      readonly env?: Readonly<Record<string, string>>;
    }
  /** Files handed to later jobs. `{stack}` in names and paths is the job's stack. */
  | {
      readonly kind: "upload";
      readonly name: string;
      readonly artifact: string;
      readonly paths: readonly string[];
      readonly retentionDays: number;
      readonly always?: boolean;
    }
  /** One artifact (`{stack}`: this job's) or every artifact of `fromJob` (per-stack jobs of a wave). */
  | {
      readonly kind: "download";
      readonly name: string;
      readonly artifact: string;
      readonly fromJob: string;
      readonly path: string;
      readonly all?: boolean;
    }
  | { readonly kind: "sarif"; readonly file: string }
  /** Opens or updates the one issue of this title with the file's text (when the report says something drifted). */
  | { readonly kind: "issue"; readonly title: string; readonly bodyFile: string };

export interface Job {
  readonly id: string;
  readonly title: string;
  readonly trigger: Trigger;
  /** Jobs that must succeed first (direct; renderers may add the earlier ones). */
  readonly needs: readonly string[];
  readonly access: Access;
  /** One instance per selected stack of this wave (`all`: every selected stack). */
  readonly perStack?: { readonly wave: number | "all"; readonly purpose: "plan" | "deploy" };
  /** Runs only when the wave has a selected stack. */
  readonly wave?: number;
  /** The realm's deployment environment (approvals), on apply jobs. */
  readonly environment?: boolean;
  /** At most one instance per stack at a time, across runs (state safety). */
  readonly lockPerStack?: boolean;
  /** Permissions beyond reading the repository. */
  readonly extraPermissions?: readonly ("security-events" | "issues")[];
  readonly timeoutMinutes?: number;
  readonly steps: readonly Step[];
}

export interface PipelineOptions {
  /** The inventory folder as the workflow should name it (relative to the repository root). @default "realms" */
  readonly realmsDir?: string;
  /** Branch that deploys. @default "main" */
  readonly branch?: string;
  /** Per-stack jobs running at once within one wave. @default 4 */
  readonly maxParallel?: number;
  /** @default "26", the current LTS (kept equal to LTS_NODE in .ci/run by a test) */
  readonly nodeVersion?: string;
  /** terraform version CI installs. @default "1.11.4" */
  readonly terraformVersion?: string;
  /** Days plan artifacts are kept (they can hold sensitive values). @default 1 */
  readonly planRetentionDays?: number;
  /** Daily drift check at this UTC hour. @default 5 */
  readonly driftHour?: number;
  /** The drift report also opens (or updates) one issue when something drifted. @default false */
  readonly driftIssue?: boolean;
}

export type ResolvedOptions = Required<PipelineOptions>;

export interface PipelineModel {
  readonly options: ResolvedOptions;
  readonly providers: readonly Provider[];
  readonly waves: readonly WaveRules[];
  /** Every stack with both identities, in wave order (renderers without run-time fan-out need them). */
  readonly stacks: readonly { readonly wave: number; readonly plan: StackMatrixEntry; readonly deploy: StackMatrixEntry }[];
  readonly jobs: readonly Job[];
}

export const DEFAULT_OPTIONS: ResolvedOptions = {
  realmsDir: "realms",
  branch: "main",
  maxParallel: 4,
  nodeVersion: "26",
  terraformVersion: "1.11.4",
  planRetentionDays: 1,
  driftHour: 5,
  driftIssue: false,
};

/** Option values end up in expressions and scripts of the generated file: only plain names pass. */
const OPTION_PATTERNS: Partial<Record<keyof ResolvedOptions, RegExp>> = {
  realmsDir: /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]+$/,
  branch: /^(?!-)[A-Za-z0-9._/-]+$/,
  nodeVersion: /^[0-9][0-9A-Za-z.+-]*$/,
  terraformVersion: /^[0-9][0-9A-Za-z.+-]*$/,
};

export function resolveOptions(options: PipelineOptions = {}): ResolvedOptions {
  const o = { ...DEFAULT_OPTIONS };
  for (const [k, v] of Object.entries(options))
    if (v !== undefined && Object.hasOwn(DEFAULT_OPTIONS, k)) (o as Record<string, unknown>)[k] = v;
  for (const [k, pattern] of Object.entries(OPTION_PATTERNS)) {
    const v = String(o[k as keyof ResolvedOptions]);
    if (!pattern!.test(v)) {
      throw new RealmkitError("RK-PIPELINE-BAD-OPTION", `pipeline option ${k} \`${v}\` is not a plain name`, {
        value: v,
        fix: "use letters, digits, `.`, `_`, `-` and `/` only (a branch name, a version number, a folder inside the repository)",
      });
    }
  }
  if (o.driftHour < 0 || o.driftHour > 23 || !Number.isInteger(o.driftHour)) {
    throw new RealmkitError("RK-PIPELINE-BAD-OPTION", `drift hour ${o.driftHour} is not an hour of the day`, {
      value: o.driftHour,
      fix: "use 0-23 (UTC)",
    });
  }
  return o;
}

/** The options that differ from the defaults, as `pipeline` flags: recorded in the file so its own `--check` reproduces it. */
export function optionFlags(o: ResolvedOptions): string[] {
  const flags: [keyof ResolvedOptions, string][] = [
    ["realmsDir", "--realms"],
    ["branch", "--branch"],
    ["maxParallel", "--max-parallel"],
    ["nodeVersion", "--node-version"],
    ["terraformVersion", "--terraform-version"],
    ["planRetentionDays", "--plan-retention-days"],
    ["driftHour", "--drift-hour"],
    ["driftIssue", "--drift-issue"],
  ];
  return flags
    .filter(([k]) => o[k] !== DEFAULT_OPTIONS[k])
    .flatMap(([k, flag]) => (typeof o[k] === "boolean" ? [flag] : [flag, String(o[k])]));
}

/** Quotes a value for a POSIX shell command line (recorded flags are data, never code). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

const TF = "terraform";

/** Per-stack terraform steps record their outcome beside their output, for the job that judges them. */
const record = (file: string) => `printf '{"stack":"%s","realm":"%s","exitCode":%d}\\n' "$STACK" "$REALM" "$code" > ${file}`;

const planScript = [
  "set -eu",
  'cd "$STACKS_DIR/$STACK"',
  `${TF} init -input=false -no-color`,
  `${TF} plan -input=false -no-color -lock-timeout=10m -out=plan.tfplan`,
  `${TF} show -json plan.tfplan > plan.json`,
  "code=0",
  record("plan-record.json"),
  "",
].join("\n");

const applyScript = [
  "set -eu",
  'cd "$STACKS_DIR/$STACK"',
  `${TF} init -input=false -no-color`,
  "# The reviewed plan file, never a new plan. terraform refuses it when the state moved since.",
  `if ! ${TF} apply -input=false -no-color plan.tfplan; then`,
  '  echo "The apply of $STACK failed. If terraform said the saved plan is stale, another apply changed the state after this plan was made: re-run the pipeline to plan and review again." >&2',
  "  exit 1",
  "fi",
  "",
].join("\n");

/** A detailed-exitcode plan whose code is recorded (the gate or drift report judges it); only an error fails the job. */
function checkScript(kind: "verify" | "drift"): string {
  const flags = kind === "drift" ? "-refresh-only " : "";
  return [
    "set -u",
    'cd "$STACKS_DIR/$STACK"',
    `${TF} init -input=false -no-color || exit 1`,
    "code=0",
    `${TF} plan -input=false -no-color -lock=false -detailed-exitcode ${flags}-out=${kind}.tfplan || code=$?`,
    `if [ "$code" = 2 ]; then ${TF} show -json ${kind}.tfplan > ${kind}.json; fi`,
    record(`${kind}-record.json`),
    '[ "$code" != 1 ]',
    "",
  ].join("\n");
}

const stackFiles = (...names: string[]) => names.map((n) => `$STACKS_DIR/{stack}/${n}`);

/** Builds the model for an inventory. Throws RK-PIPELINE-NO-IDENTITY (all gaps at once) first. */
export function pipelineModel(inventory: Inventory, options: PipelineOptions = {}): PipelineModel {
  checkDeployIdentities(inventory);
  const o = resolveOptions(options);
  const providers = [...new Set(inventory.realms.flatMap((r) => r.targets.map((t) => t.provider)))].sort() as Provider[];
  const waves = rolloutWaves(inventory).map((w) => waveRules(inventory, w.wave));
  const flags = optionFlags(o).map(shellQuote).join(" ");

  const check: Job = {
    id: "check",
    title: "validate, synthesize, guardrails, select",
    trigger: "change-request",
    needs: [],
    access: "none",
    steps: [
      { kind: "checkout", fullHistory: true },
      { kind: "node" },
      { kind: "run", name: "Validate realms", run: "npx realmkit validate" },
      { kind: "run", name: "Synthesize", run: "npx realmkit synth" },
      { kind: "run", name: "Guardrails", run: "npx realmkit policy" },
      { kind: "run", name: "Guardrails as SARIF", always: true, run: "npx realmkit policy --format sarif --out realmkit.sarif || true" },
      {
        kind: "upload",
        name: "Hand the SARIF report on",
        artifact: "sarif",
        paths: ["realmkit.sarif"],
        retentionDays: o.planRetentionDays,
        always: true,
      },
      { kind: "run", name: "Pipeline is up to date", run: `npx realmkit pipeline {ci} --check${flags ? ` ${flags}` : ""}` },
      // Living docs: the committed realm pages and fleet report must match the realms and the stacks just synthesized.
      { kind: "run", name: "Realm docs are up to date", run: "npx realmkit docs --check" },
      {
        kind: "run",
        name: "Select stacks",
        id: "select",
        run: [
          "set -eu",
          "# What to roll: the stacks that changed since BASE, or what a person asked for (SCOPE, WAVE, REALMS",
          "# come from the run's inputs as variables, never as script text).",
          'case "${SCOPE:-changed}" in',
          "  all) npx realmkit select --all --json > selection.json ;;",
          '  wave) npx realmkit select --all --wave "$WAVE" --json > selection.json ;;',
          '  realms) npx realmkit select --realm-list "$REALMS" --json > selection.json ;;',
          '  *) npx realmkit select --since "$BASE" --json > selection.json ;;',
          "esac",
          'npx realmkit select --explain selection.json >> "$REALMKIT_SUMMARY"',
          "",
        ].join("\n"),
      },
      {
        kind: "upload",
        name: "Hand the synthesized stacks on",
        artifact: "stacks",
        paths: ["cdktf.out/stacks/"],
        retentionDays: o.planRetentionDays,
      },
    ],
  };

  // Code scanning gets the report from a job that never runs the repository's code or npm.
  const scanning: Job = {
    id: "code-scanning",
    title: "guardrails to code scanning",
    trigger: "change-request",
    needs: ["check"],
    access: "none",
    extraPermissions: ["security-events"],
    steps: [
      { kind: "checkout" },
      { kind: "download", name: "The SARIF report", artifact: "sarif", fromJob: "check", path: "." },
      { kind: "sarif", file: "realmkit.sarif" },
    ],
  };
  const jobs: Job[] = [check, scanning];
  const planJob = (id: string, trigger: Trigger, wave: number | "all", needs: string[]): Job => ({
    id,
    title: `plan {stack}`,
    trigger,
    needs,
    access: "plan",
    perStack: { wave, purpose: "plan" },
    ...(wave === "all" ? {} : { wave }),
    steps: [
      { kind: "download", name: "Synthesized stacks", artifact: "stacks", fromJob: "check", path: "$STACKS_DIR" },
      { kind: "terraform" },
      { kind: "login" },
      { kind: "run", name: "Plan", run: planScript },
      {
        kind: "upload",
        name: "Hand the plan to its review and apply",
        artifact: `${id}-{stack}`,
        paths: stackFiles("plan.tfplan", "plan.json", "plan-record.json", ".terraform.lock.hcl"),
        retentionDays: o.planRetentionDays,
      },
    ],
  });
  const reviewJob = (id: string, trigger: Trigger, from: string, wave?: number): Job => ({
    id,
    title: wave === undefined ? "review the plans" : `review the plans of wave ${wave}`,
    trigger,
    needs: [from],
    access: "none",
    ...(wave === undefined ? {} : { wave }),
    steps: [
      { kind: "checkout" },
      { kind: "node" },
      { kind: "download", name: "The plans", artifact: `${from}-*`, fromJob: from, path: "plans", all: true },
      {
        kind: "run",
        name: "Summary and destructive-change gate",
        run: 'npx realmkit plan-check --results plans --summary "$REALMKIT_SUMMARY"',
      },
    ],
  });

  // Pull requests: plan what changed with the read-only identity, review in a job with no cloud access.
  jobs.push(planJob("pr-plan", "change-request", "all", ["check"]), reviewJob("pr-review", "change-request", "pr-plan"));

  // The default branch: per wave plan -> review -> apply (environment) -> bake -> verify -> gate.
  let previous = "check";
  for (const w of waves) {
    const n = w.wave;
    const plan = planJob(`plan-wave-${n}`, "deploy", n, [previous]);
    const review = reviewJob(`review-wave-${n}`, "deploy", plan.id, n);
    const apply: Job = {
      id: `apply-wave-${n}`,
      title: `apply wave ${n} {stack}`,
      trigger: "deploy",
      needs: [review.id],
      access: "deploy",
      perStack: { wave: n, purpose: "deploy" },
      wave: n,
      environment: true,
      lockPerStack: true,
      steps: [
        { kind: "download", name: "Synthesized stacks", artifact: "stacks", fromJob: "check", path: "$STACKS_DIR" },
        { kind: "download", name: "The reviewed plan", artifact: `${plan.id}-{stack}`, fromJob: plan.id, path: "$STACKS_DIR/{stack}" },
        { kind: "terraform" },
        { kind: "login" },
        { kind: "run", name: "Apply the reviewed plan", run: applyScript },
      ],
    };
    jobs.push(plan, review, apply);
    previous = apply.id;
    if (!w.gate && w.bakeMinutes === 0) continue;
    if (w.bakeMinutes > 0) {
      const bake: Job = {
        id: `bake-wave-${n}`,
        title: `bake wave ${n} for ${w.bakeMinutes} min`,
        trigger: "deploy",
        needs: [previous],
        access: "none",
        wave: n,
        timeoutMinutes: w.bakeMinutes + 10,
        steps: [{ kind: "run", name: `Bake ${w.bakeMinutes} minutes`, run: `sleep ${w.bakeMinutes * 60}` }],
      };
      jobs.push(bake);
      previous = bake.id;
    }
    if (!w.gate) continue;
    const verify: Job = {
      id: `verify-wave-${n}`,
      title: `verify wave ${n} {stack}`,
      trigger: "deploy",
      needs: [previous],
      access: "plan",
      perStack: { wave: n, purpose: "plan" },
      wave: n,
      steps: [
        { kind: "download", name: "Synthesized stacks", artifact: "stacks", fromJob: "check", path: "$STACKS_DIR" },
        { kind: "terraform" },
        { kind: "login" },
        { kind: "run", name: "Plan must now be empty", run: checkScript("verify") },
        {
          kind: "upload",
          name: "Hand the result to the gate",
          artifact: `verify-wave-${n}-{stack}`,
          paths: stackFiles("verify-record.json"),
          retentionDays: o.planRetentionDays,
          always: true,
        },
      ],
    };
    const gate: Job = {
      id: `gate-wave-${n}`,
      title: `health gate of wave ${n}`,
      trigger: "deploy",
      needs: [verify.id],
      access: "none",
      wave: n,
      steps: [
        { kind: "checkout" },
        { kind: "node" },
        { kind: "download", name: "Verify results", artifact: `${verify.id}-*`, fromJob: verify.id, path: "verify", all: true },
        { kind: "run", name: "Health gate", run: `npx realmkit gate --wave ${n} --results verify --summary "$REALMKIT_SUMMARY"` },
      ],
    };
    jobs.push(verify, gate);
    previous = gate.id;
  }

  // Daily drift: refresh-only plans of every stack with the read-only identity, one report.
  jobs.push(
    {
      id: "drift",
      title: "drift {stack}",
      trigger: "drift",
      needs: ["check"],
      access: "plan",
      perStack: { wave: "all", purpose: "plan" },
      steps: [
        { kind: "download", name: "Synthesized stacks", artifact: "stacks", fromJob: "check", path: "$STACKS_DIR" },
        { kind: "terraform" },
        { kind: "login" },
        { kind: "run", name: "Refresh-only plan", run: checkScript("drift") },
        {
          kind: "upload",
          name: "Hand the result to the report",
          artifact: "drift-{stack}",
          paths: stackFiles("drift-record.json", "drift.json"),
          retentionDays: o.planRetentionDays,
          always: true,
        },
      ],
    },
    {
      id: "drift-report",
      title: "drift report",
      trigger: "drift",
      needs: ["drift"],
      access: "none",
      extraPermissions: ["issues"],
      steps: [
        { kind: "checkout" },
        { kind: "node" },
        { kind: "download", name: "Drift results", artifact: "drift-*", fromJob: "drift", path: "drift", all: true },
        { kind: "run", name: "Drift table", run: 'npx realmkit drift --results drift --summary "$REALMKIT_SUMMARY" --markdown drift.md' },
        ...(o.driftIssue ? [{ kind: "issue", title: "Realmkit: infrastructure drift", bodyFile: "drift.md" } as const] : []),
      ],
    },
  );
  const stacks = rolloutWaves(inventory).flatMap((w) =>
    w.stacks.map((ws) => {
      const realm = inventory.realms.find((r) => r.id === ws.realm)!;
      const target = realm.targets.find((t) => t.stackId === ws.stackId)!;
      return { wave: w.wave, plan: matrixEntry(realm, target, "plan"), deploy: matrixEntry(realm, target, "deploy") };
    }),
  );
  return { options: o, providers, waves, stacks, jobs };
}
