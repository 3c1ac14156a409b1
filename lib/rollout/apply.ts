import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RealmkitError } from "../config/errors";
import type { TerraformCli } from "../terraform/cli";
import { defaultConcurrency, runPool } from "../terraform/pool";
import { planFiles } from "../terraform/runner";
import { stackWorkDir } from "./work-dir";
import { STACK_FILE } from "../terraform/json";

export interface ApplyTarget {
  readonly stackId: string;
  readonly realm: string;
  /** Terraform working dir of the plan (`<plans>/synth/stacks/<stack>`). */
  readonly dir: string;
  readonly planFile: string;
  readonly logFile: string;
}

export type ApplyStatus = "applied" | "failed" | "not-started";

export interface ApplyResult {
  readonly stackId: string;
  readonly realm: string;
  readonly status: ApplyStatus;
  readonly reason?: string;
  readonly ms?: number;
  readonly logFile: string;
}

/**
 * The saved plans of `stacks` inside a plan folder written by `realmkit plan --out DIR`.
 * Every stack must have one: an apply never plans on its own, and a wave with a missing plan
 * is refused as a whole before anything starts.
 */
export function applyTargets(plansDir: string, stacks: readonly { stackId: string; realm: string }[]): ApplyTarget[] {
  const targets = stacks.map((s) => {
    const files = planFiles(plansDir, s.realm, s.stackId);
    return {
      stackId: s.stackId,
      realm: s.realm,
      dir: stackWorkDir(plansDir, s.stackId),
      planFile: files.planFile,
      logFile: join(resolve(plansDir), s.realm, `${s.stackId}.apply.log`),
    };
  });
  const missing = targets.filter((t) => !existsSync(t.planFile) || !existsSync(join(t.dir, STACK_FILE)));
  if (missing.length > 0) {
    throw new RealmkitError("RK-ROLLOUT-NO-PLAN", `no saved plan in ${plansDir} for ${missing.map((m) => m.stackId).join(", ")}`, {
      value: missing.map((m) => m.planFile),
      fix: `run \`realmkit plan ${[...new Set(missing.map((m) => m.realm))].join(" ")} --out ${plansDir}\` first and review it; applies only use saved plans`,
    });
  }
  return targets;
}

export interface ApplyOptions {
  readonly terraform: TerraformCli;
  /** @default os.availableParallelism() */
  readonly concurrency?: number;
  readonly onEvent?: (target: ApplyTarget, event: "start" | "applied" | "failed", detail?: string) => void;
}

/**
 * Applies saved plans with bounded concurrency. At the first failure no further stack is
 * started; applies already running finish, because a terraform apply cut off half-way leaves
 * state and cloud out of step. Stacks never started are reported `not-started`.
 */
export async function applyStacks(targets: readonly ApplyTarget[], options: ApplyOptions): Promise<ApplyResult[]> {
  const tf = options.terraform;
  const outcomes = await runPool(
    targets,
    async (t): Promise<ApplyResult> => {
      mkdirSync(join(t.logFile, ".."), { recursive: true });
      writeFileSync(t.logFile, `# realmkit apply ${t.stackId} (realm ${t.realm})\n`);
      options.onEvent?.(t, "start");
      const started = Date.now();
      const done = (status: ApplyStatus, reason?: string): ApplyResult => {
        options.onEvent?.(t, status === "applied" ? "applied" : "failed", reason);
        return { stackId: t.stackId, realm: t.realm, status, reason, ms: Date.now() - started, logFile: t.logFile };
      };
      // init is idempotent and cheap with the plugin cache; it restores providers when the
      // plan folder came from another machine (a CI artifact) without .terraform.
      const init = await tf.init(t.dir, t.logFile);
      if (!init.ok) return done("failed", `init: ${init.error}`);
      const apply = await tf.apply(t.dir, t.planFile, t.logFile);
      if (apply.ok) return done("applied");
      // terraform's own words, plus what to do: a stale plan is never re-planned behind the reviewer's back.
      const stale = /Saved plan is stale/i.test(apply.error ?? "");
      return done(
        "failed",
        stale
          ? `${apply.error} -- the state changed after this plan was made (another apply ran): plan again, review, and apply the new plan`
          : apply.error,
      );
    },
    {
      concurrency: options.concurrency ?? defaultConcurrency(),
      haltWhen: (r) => r.status === "failed",
      onError: (t, err): ApplyResult => {
        const reason = err instanceof RealmkitError ? err.message : String((err as Error)?.message ?? err);
        options.onEvent?.(t, "failed", reason);
        return { stackId: t.stackId, realm: t.realm, status: "failed", reason, logFile: t.logFile };
      },
    },
  );
  return outcomes.map((o) =>
    o.started ? o.result : { stackId: o.item.stackId, realm: o.item.realm, status: "not-started", logFile: o.item.logFile },
  );
}
