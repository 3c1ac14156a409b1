import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TerraformCli } from "./cli";
import { createLimiter, defaultConcurrency } from "./pool";
import { summarizePlan, type PlanJson, type PlanSummary } from "./plan-json";
import { initIsCurrent, resetCarriedInit, seedInitFromSibling, writeInitStamp, type InitContext } from "./init-stamp";
import { checkProviders, requiredProviders } from "./providers";
import { readStackIn } from "./json";

/** One synthesized stack to plan: its folder holds `cdk.tf.json` and becomes terraform's working dir. */
export interface PlanTarget {
  readonly stackId: string;
  readonly realm: string;
  readonly provider: string;
  readonly dir: string;
}

export type PlanPhase = "queued" | "init" | "validate" | "plan" | "show";
export type PlanStep = Exclude<PlanPhase, "queued">;

export interface StackPlanResult {
  readonly stackId: string;
  readonly realm: string;
  readonly provider: string;
  readonly status: "planned" | "failed" | "skipped";
  /** Why a stack was skipped or what failed, on one line. */
  readonly reason?: string;
  readonly failedStep?: PlanStep;
  readonly summary?: PlanSummary;
  readonly planFile?: string;
  readonly planJsonFile?: string;
  readonly logFile: string;
  /** `terraform init` was skipped: the work folder was initialised for the same providers, backend and lock file. */
  readonly initReused?: boolean;
  /** `terraform init` was skipped in a fresh folder: it took the init of this sibling folder, initialised for the same inputs. */
  readonly initSeededFrom?: string;
  /** Milliseconds per step and in total (queue time excluded); `validate` only runs when plan failed. */
  readonly ms: Readonly<Partial<Record<PlanStep | "total", number>>>;
}

export interface PlanFiles {
  readonly planFile: string;
  readonly planJsonFile: string;
  readonly logFile: string;
}

/** Per realm in the out folder: `<realm>/<stack>.tfplan`, `<stack>.plan.json`, `<stack>.log`. */
export function planFiles(outDir: string, realm: string, stackId: string): PlanFiles {
  const dir = join(resolve(outDir), realm);
  return {
    planFile: join(dir, `${stackId}.tfplan`),
    planJsonFile: join(dir, `${stackId}.plan.json`),
    logFile: join(dir, `${stackId}.log`),
  };
}

export interface PlanRunnerOptions {
  readonly terraform: TerraformCli;
  readonly outDir: string;
  /** @default os.availableParallelism() */
  readonly concurrency?: number;
}

/**
 * Plans stacks with bounded concurrency: provider check, init (serialised on the plugin
 * cache; skipped when the work folder is initialised for the same providers, backend, lock
 * file, terraform version and CLI configuration, or, in a fresh folder, taken from a sibling
 * initialised for the same), `plan -out`, `show -json`. `plan` validates
 * the configuration itself, so `validate` runs only when plan fails, for its structured
 * diagnostics. A stack whose providers cannot be installed is skipped with the reason; a
 * failing step fails that stack only. docs/performance.md says what each step costs and catches.
 */
export class PlanRunner {
  private readonly limit: <T>(fn: () => Promise<T>) => Promise<T>;
  private readonly options: PlanRunnerOptions;
  private versionCheck?: Promise<string>;

  constructor(options: PlanRunnerOptions) {
    this.options = options;
    this.limit = createLimiter(options.concurrency ?? defaultConcurrency());
  }

  /** The terraform version; throws RK-TF-MISSING before any stack starts when terraform is absent. */
  terraformVersion(): Promise<string> {
    this.versionCheck ??= this.options.terraform.version(join(resolve(this.options.outDir), "terraform-version.log"));
    return this.versionCheck;
  }

  planAll(targets: readonly PlanTarget[], onPhase?: (target: PlanTarget, phase: PlanPhase) => void): Promise<StackPlanResult[]> {
    return Promise.all(targets.map((t) => this.planStack(t, (p) => onPhase?.(t, p))));
  }

  async planStack(target: PlanTarget, onPhase: (phase: PlanPhase) => void = () => undefined): Promise<StackPlanResult> {
    await this.terraformVersion();
    onPhase("queued");
    let phase: PlanPhase = "queued";
    const track = (p: PlanPhase) => {
      phase = p;
      onPhase(p);
    };
    return this.limit(async () => {
      try {
        return await this.run(target, track);
      } catch (err) {
        // An unexpected error (unreadable stack, full disk) fails this stack, never the others.
        const { logFile } = planFiles(this.options.outDir, target.realm, target.stackId);
        const step: PlanStep = phase === "queued" ? "init" : phase;
        return {
          stackId: target.stackId,
          realm: target.realm,
          provider: target.provider,
          status: "failed",
          failedStep: step,
          reason: (err as Error).message ?? String(err),
          logFile,
          ms: {},
        };
      }
    });
  }

  private async run(target: PlanTarget, onPhase: (phase: PlanPhase) => void): Promise<StackPlanResult> {
    const tf = this.options.terraform;
    const files = planFiles(this.options.outDir, target.realm, target.stackId);
    mkdirSync(join(files.logFile, ".."), { recursive: true });
    for (const f of Object.values(files)) rmSync(f, { force: true });
    writeFileSync(files.logFile, `# realmkit plan ${target.stackId} (realm ${target.realm}, ${target.provider})\n`);
    const base = { stackId: target.stackId, realm: target.realm, provider: target.provider, logFile: files.logFile };
    const ms: Partial<Record<PlanStep | "total", number>> = {};
    const started = Date.now();
    const fail = (step: PlanStep, reason: string): StackPlanResult => {
      ms.total = Date.now() - started;
      return { ...base, status: "failed", failedStep: step, reason, ms };
    };

    const stack = readStackIn(target.dir) as Parameters<typeof requiredProviders>[0];
    const missing = checkProviders(requiredProviders(stack), { mirror: tf.settings.mirror, offline: tf.settings.offline }).filter(
      (p) => !p.available,
    );
    if (missing.length > 0) {
      const reason = missing.map((p) => (p.available ? "" : p.reason)).join("; ");
      writeFileSync(files.logFile, `SKIPPED: ${reason}\n`, { flag: "a" });
      return { ...base, status: "skipped", reason, ms: { total: 0 } };
    }

    const context: InitContext = { terraformVersion: await this.terraformVersion(), cliConfig: tf.configText };
    const init = async (): Promise<StackPlanResult | undefined> => {
      onPhase("init");
      resetCarriedInit(target.dir);
      const r = await tf.init(target.dir, files.logFile);
      ms.init = (ms.init ?? 0) + r.ms;
      if (!r.ok) return fail("init", r.error!);
      writeInitStamp(target.dir, context);
      return undefined;
    };
    const initReused = initIsCurrent(target.dir, context);
    const initSeededFrom = initReused ? undefined : seedInitFromSibling(target.dir, context);
    if (initReused) {
      writeFileSync(
        files.logFile,
        "\n# terraform init skipped: this folder is initialised for the same providers, backend, lock file, terraform and CLI configuration\n",
        { flag: "a" },
      );
      ms.init = 0;
    } else if (initSeededFrom) {
      writeFileSync(
        files.logFile,
        `\n# terraform init skipped: provider links and lock file taken from ${initSeededFrom}, initialised for the same providers, backend, terraform and CLI configuration\n`,
        { flag: "a" },
      );
      ms.init = 0;
    } else {
      const failed = await init();
      if (failed) return failed;
    }

    onPhase("plan");
    let plan = await tf.plan(target.dir, files.planFile, files.logFile);
    ms.plan = plan.ms;
    if (!plan.ok && (initReused || initSeededFrom || providersGone(plan.error))) {
      // Any doubt about the reused init (a provider or backend changed under it), or a provider
      // another process re-installed into the cache under this plan: init and plan again.
      const failed = await init();
      if (failed) return failed;
      onPhase("plan");
      plan = await tf.plan(target.dir, files.planFile, files.logFile);
      ms.plan += plan.ms;
    }
    if (!plan.ok) {
      // plan validated the configuration and failed; validate -json names the errors precisely.
      onPhase("validate");
      const t0 = Date.now();
      const validation = await tf.validate(target.dir, files.logFile);
      ms.validate = Date.now() - t0;
      if (!validation.valid) return fail("validate", validation.errors.join("; ") || "terraform validate failed");
      return fail("plan", plan.error!);
    }

    onPhase("show");
    const shown = await tf.show(target.dir, files.planFile, files.logFile);
    ms.show = shown.result.ms;
    if (!shown.plan) return fail("show", shown.result.error!);
    writeFileSync(files.planJsonFile, shown.result.stdout);
    ms.total = Date.now() - started;
    return {
      ...base,
      status: "planned",
      initReused,
      ...(initSeededFrom ? { initSeededFrom } : {}),
      summary: summarizePlan(shown.plan as PlanJson),
      planFile: files.planFile,
      planJsonFile: files.planJsonFile,
      ms,
    };
  }
}

/** Terraform's words when a provider the lock file selects is not where init linked it. */
function providersGone(error: string | undefined): boolean {
  return error !== undefined && /Required plugins are not installed|no package for .* cached in \.terraform\/providers/.test(error);
}
