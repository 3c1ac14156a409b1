import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RealmkitError, RealmkitErrors } from "../config/errors";
import { planFiles } from "../terraform/runner";
import { stackHash } from "./stack-hash";
import { readStackIn } from "../terraform/json";

/**
 * What `realmkit plan` records beside each saved plan (`<realm>/<stack>.plan-meta.json`), so
 * that `rollout --apply` can tell whether the plan may still be applied: terraform itself only
 * rejects a plan whose state moved, not one made offline against a local state, nor one whose
 * stack has since been changed in the repository, nor one a reviewer saw a week ago.
 */
export interface PlanMeta {
  readonly stackId: string;
  readonly realm: string;
  /** Made with `--offline`: local state, dummy credentials, mirror providers. */
  readonly offline: boolean;
  /** stackHash() of the cdk.tf.json the plan was made from. */
  readonly stackHash: string;
  /** ISO 8601 time the plan was written. */
  readonly createdAt: string;
  readonly terraformVersion: string;
}

export const DEFAULT_MAX_PLAN_AGE_HOURS = 24;

export function planMetaFile(plansDir: string, realm: string, stackId: string): string {
  return join(planFiles(plansDir, realm, stackId).planFile.replace(/\.tfplan$/, ".plan-meta.json"));
}

/** Writes the record for a stack just planned from `stackDir/cdk.tf.json`. */
export function writePlanMeta(
  plansDir: string,
  stack: { stackId: string; realm: string; dir: string },
  info: { offline: boolean; terraformVersion: string; now?: Date },
): PlanMeta {
  const meta: PlanMeta = {
    stackId: stack.stackId,
    realm: stack.realm,
    offline: info.offline,
    stackHash: stackHash(readStackIn(stack.dir)),
    createdAt: (info.now ?? new Date()).toISOString(),
    terraformVersion: info.terraformVersion,
  };
  writeFileSync(planMetaFile(plansDir, stack.realm, stack.stackId), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

export function readPlanMeta(plansDir: string, realm: string, stackId: string): PlanMeta | undefined {
  const file = planMetaFile(plansDir, realm, stackId);
  if (!existsSync(file)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(file, "utf8")) as Partial<PlanMeta>;
    if (typeof meta.offline !== "boolean" || typeof meta.stackHash !== "string" || typeof meta.createdAt !== "string") return undefined;
    return meta as PlanMeta;
  } catch {
    return undefined;
  }
}

export interface SavedPlanCheck {
  /** The apply runs with `--offline` (local state): only then are offline plans acceptable. */
  readonly offline: boolean;
  readonly maxAgeHours: number;
  /** stackHash of each stack as the inventory synthesizes it now, by stack id. */
  readonly currentHashes: ReadonlyMap<string, string>;
  readonly now?: Date;
}

/**
 * Refuses, for the whole wave at once and before anything is applied, every saved plan that
 * has no record, was made offline (unless the apply is offline too), is older than the age
 * limit, or was made from a stack that differs from what the inventory synthesizes today.
 */
export function checkSavedPlans(plansDir: string, stacks: readonly { stackId: string; realm: string }[], check: SavedPlanCheck): void {
  const now = (check.now ?? new Date()).getTime();
  const errors: RealmkitError[] = [];
  const replan = (s: { realm: string }) => `run \`realmkit plan ${s.realm} --out ${plansDir}\`, review the new plan, then apply it`;
  for (const s of stacks) {
    const meta = readPlanMeta(plansDir, s.realm, s.stackId);
    const refuse = (code: string, message: string, fix: string) =>
      errors.push(
        new RealmkitError(code, `${s.stackId}: ${message}`, { realm: s.realm, value: planMetaFile(plansDir, s.realm, s.stackId), fix }),
      );
    if (!meta) {
      refuse(
        "RK-ROLLOUT-PLAN-UNRECORDED",
        "the saved plan has no readable plan record (.plan-meta.json), so its origin and age are unknown",
        replan(s),
      );
      continue;
    }
    if (meta.offline && !check.offline) {
      refuse(
        "RK-ROLLOUT-OFFLINE-PLAN",
        "the saved plan was made with --offline (local state, dummy credentials): it says nothing about the real cloud",
        `${replan(s)} without --offline`,
      );
    }
    const ageHours = (now - Date.parse(meta.createdAt)) / 3_600_000;
    if (!Number.isFinite(ageHours) || ageHours > check.maxAgeHours) {
      refuse(
        "RK-ROLLOUT-PLAN-TOO-OLD",
        `the saved plan is ${Number.isFinite(ageHours) ? `${ageHours.toFixed(1)} hours` : "of unknown age"} old; plans older than ${check.maxAgeHours} hours are not applied`,
        `${replan(s)} (the limit is rollout.maxPlanAgeHours in _defaults.yaml, or --max-plan-age HOURS)`,
      );
    }
    const current = check.currentHashes.get(s.stackId);
    if (current !== meta.stackHash) {
      refuse(
        "RK-ROLLOUT-STACK-CHANGED",
        current === undefined
          ? "the inventory no longer synthesizes this stack"
          : "the stack changed since the plan was made (its synthesized Terraform has a different content hash): the plan is not what the repository now says",
        replan(s),
      );
    }
  }
  if (errors.length > 0) throw new RealmkitErrors(errors);
}
