import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeCliConfig } from "./cli-config";
import { execLogged, terraformMissing, type ExecResult } from "./exec";
import { withInitLock } from "./init-lock";
import { LockMemory } from "./lock-memory";
import type { PlanJson } from "./plan-json";

export interface TerraformSettings {
  /** The terraform executable, looked up on PATH unless it is a path. @default "terraform" */
  readonly bin?: string;
  /** Environment the child processes start from (the CLI passes process.env). */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Shared provider plugin cache. */
  readonly pluginCacheDir: string;
  /** Terraform filesystem mirror (REALMKIT_PROVIDER_MIRROR). */
  readonly mirror?: string;
  /** Local state, mirror only, dummy AWS credentials. */
  readonly offline: boolean;
  /** Where the generated CLI config file is written. */
  readonly configDir: string;
}

/**
 * AWS's documented example key pair: obviously fake, accepted by the provider's argument
 * checks, and useless against a real endpoint. Set only in the child's environment, never in
 * a stack, and only offline (stacks are synthesized with skip_credentials_validation then).
 */
export const OFFLINE_AWS_ENV: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_EC2_METADATA_DISABLED: "true",
};
export const AWS_IDENTITY_VARS = [
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
  "AWS_ROLE_ARN",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
];

export interface ValidateResult {
  readonly valid: boolean;
  readonly code: number;
  /** `summary: detail` of each error diagnostic. */
  readonly errors: readonly string[];
}

export interface StepResult extends ExecResult {
  readonly ok: boolean;
  /** The first error terraform reported, on one line, for tables and task lists. */
  readonly error?: string;
}

/** The terraform CLI with Realmkit's configuration: one instance per plan or apply run. */
export class TerraformCli {
  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;
  readonly settings: TerraformSettings;
  /** The CLI configuration these runs use (part of what an init depends on). */
  readonly configText: string;

  constructor(settings: TerraformSettings) {
    this.settings = settings;
    this.bin = settings.bin ?? "terraform";
    const config = writeCliConfig({
      dir: settings.configDir,
      pluginCacheDir: settings.pluginCacheDir,
      mirror: settings.mirror,
      offline: settings.offline,
    });
    this.configText = readFileSync(config, "utf8");
    const env: NodeJS.ProcessEnv = {
      ...settings.baseEnv,
      TF_CLI_CONFIG_FILE: config,
      TF_PLUGIN_CACHE_DIR: settings.pluginCacheDir,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
    };
    if (settings.offline) {
      for (const k of AWS_IDENTITY_VARS) delete env[k];
      Object.assign(env, OFFLINE_AWS_ENV);
    }
    this.env = env;
  }

  /** `terraform version`; throws RK-TF-MISSING when the executable cannot be run. */
  async version(logFile: string): Promise<string> {
    mkdirSync(dirname(logFile), { recursive: true });
    const r = await execLogged(this.bin, ["version", "-json"], { cwd: this.settings.configDir, env: this.env, logFile });
    if (r.code !== 0) throw terraformMissing(this.bin);
    try {
      return (JSON.parse(r.stdout) as { terraform_version: string }).terraform_version;
    } catch {
      return r.stdout.trim().split("\n")[0] ?? "unknown";
    }
  }

  /**
   * `terraform init`, one at a time per plugin cache. A folder without a lock file starts from
   * the one the cache remembers for the same providers (lock-memory.ts says why: without it,
   * init re-installs the provider into the cache under another stack's running plan).
   */
  init(cwd: string, logFile: string): Promise<StepResult> {
    const run = async () => step(await execLogged(this.bin, ["init", "-input=false", "-no-color"], { cwd, env: this.env, logFile }));
    return withInitLock(this.settings.pluginCacheDir, async () => {
      const memory = LockMemory.for(cwd, {
        pluginCacheDir: this.settings.pluginCacheDir,
        cliConfig: this.configText,
        mirror: this.settings.mirror,
      });
      const recalled = memory?.recall(cwd) ?? false;
      if (recalled) appendFileSync(logFile, "\n# lock file taken from the plugin cache's memory of the first init for these providers\n");
      let r = await run();
      if (!r.ok && recalled) {
        appendFileSync(logFile, "\n# init refused the remembered lock file: forgotten, resolving the providers afresh\n");
        memory!.forget(cwd);
        r = await run();
      }
      if (r.ok) memory?.remember(cwd);
      return r;
    });
  }

  async validate(cwd: string, logFile: string): Promise<ValidateResult> {
    const r = await execLogged(this.bin, ["validate", "-json", "-no-color"], { cwd, env: this.env, logFile });
    try {
      const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics?: { severity: string; summary: string; detail?: string }[] };
      const errors = (out.diagnostics ?? [])
        .filter((d) => d.severity === "error")
        .map((d) => oneLine(d.detail ? `${d.summary}: ${d.detail}` : d.summary));
      return { valid: out.valid && r.code === 0, code: r.code, errors };
    } catch {
      return { valid: false, code: r.code, errors: [firstError(r.stderr) ?? `terraform validate exited ${r.code}`] };
    }
  }

  async plan(cwd: string, planFile: string, logFile: string): Promise<StepResult> {
    return step(await execLogged(this.bin, ["plan", "-input=false", "-no-color", `-out=${planFile}`], { cwd, env: this.env, logFile }));
  }

  /**
   * `plan -detailed-exitcode` into `planFile`: code 0 is an empty plan, 2 a plan with changes,
   * anything else a failure. `refreshOnly` asks only whether the cloud drifted from the state;
   * `lock: false` lets a read-only identity check without writing the state lock.
   */
  async planDetailed(
    cwd: string,
    planFile: string,
    logFile: string,
    opts: { refreshOnly?: boolean; lock?: boolean } = {},
  ): Promise<StepResult & { changes: boolean }> {
    const args = ["plan", "-input=false", "-no-color", "-detailed-exitcode", `-out=${planFile}`];
    if (opts.refreshOnly) args.push("-refresh-only");
    if (opts.lock === false) args.push("-lock=false");
    const r = await execLogged(this.bin, args, { cwd, env: this.env, logFile });
    if (r.code === 2) return { ...r, ok: true, changes: true };
    return { ...step(r), changes: false };
  }

  async show(cwd: string, planFile: string, logFile: string): Promise<{ result: StepResult; plan?: PlanJson }> {
    const r = step(
      await execLogged(this.bin, ["show", "-json", "-no-color", planFile], { cwd, env: this.env, logFile, quietStdout: true }),
    );
    if (!r.ok) return { result: r };
    try {
      return { result: r, plan: JSON.parse(r.stdout) as PlanJson };
    } catch (err) {
      return { result: { ...r, ok: false, error: `terraform show -json printed invalid JSON: ${(err as Error).message}` } };
    }
  }

  /** Applies a saved plan: exactly the reviewed changes, no new plan, no prompt. */
  async apply(cwd: string, planFile: string, logFile: string): Promise<StepResult> {
    return step(await execLogged(this.bin, ["apply", "-input=false", "-no-color", planFile], { cwd, env: this.env, logFile }));
  }
}

function step(r: ExecResult): StepResult {
  return r.code === 0 ? { ...r, ok: true } : { ...r, ok: false, error: firstError(r.stderr) ?? firstError(r.stdout) ?? `exited ${r.code}` };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** The first `Error: ...` diagnostic of terraform's human output, without its box drawing. */
export function firstError(output: string): string | undefined {
  const lines = output.split("\n").map((l) => l.replace(/^[│╷╵]\s?/, "").trimEnd());
  const start = lines.findIndex((l) => l.startsWith("Error: "));
  if (start < 0) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start, start + 12)) {
    if (body.length > 0 && (line.startsWith("Error: ") || line.startsWith("Warning: "))) break;
    if (line.trim() !== "") body.push(line.trim());
  }
  return oneLine(body.join(" ")).slice(0, 400);
}
