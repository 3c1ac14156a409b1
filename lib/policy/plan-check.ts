import { RealmkitError } from "../config/errors";
import { statefulType, type StatefulKind } from "./stateful";
import { allowDestroyMatcher } from "./address-pattern";
import { isObject } from "./view/values";
import { readTerraformJson } from "../terraform/json";

/** A planned change that deletes or replaces a stateful resource. */
export interface DestructiveChange {
  readonly address: string;
  readonly type: string;
  readonly kind: StatefulKind;
  /** `delete`, or `replace` (delete and re-create: the data is gone either way). */
  readonly action: "delete" | "replace";
  /** Why Terraform replaces it, when the plan says (`replace_because_cannot_update`...). */
  readonly reason?: string;
  /** The `--allow-destroy` pattern that allows this change, if any. */
  readonly allowedBy?: string;
}

export interface PlanCheckResult {
  readonly destructive: readonly DestructiveChange[];
  /** Destructive changes no allow pattern covers: any of these fails the check. */
  readonly blocked: readonly DestructiveChange[];
  /** Resource changes looked at (managed resources only). */
  readonly changes: number;
}

export interface PlanCheckOptions {
  /** Addresses (patterns matched part by part, lib/policy/address-pattern.ts) whose deletion is intended. */
  readonly allowDestroy?: readonly string[];
}

/**
 * The destructive-change guard: finds every delete or replace of a database, key, bucket,
 * vault, disk, DNS zone or secret in `terraform show -json` plan output. Rollout code calls it
 * before `terraform apply`; `realmkit plan-check` wraps it for CI.
 */
export function checkPlan(plan: unknown, options: PlanCheckOptions = {}): PlanCheckResult {
  if (!isObject(plan) || !Array.isArray(plan.resource_changes)) {
    throw new RealmkitError(
      "RK-PLAN-NOT-A-PLAN",
      "the input is not `terraform show -json` output of a saved plan (no `resource_changes`)",
      {
        fix: "run `terraform plan -out plan.bin && terraform show -json plan.bin > plan.json` and pass plan.json",
      },
    );
  }
  // Patterns are checked before the plan is read: a bad one is exit 1, never "nothing allowed" or "all allowed".
  const allow = (options.allowDestroy ?? []).map((pattern) => ({ pattern, matches: allowDestroyMatcher(pattern) }));
  const destructive: DestructiveChange[] = [];
  let changes = 0;
  for (const rc of plan.resource_changes) {
    if (!isObject(rc) || rc.mode === "data" || !isObject(rc.change)) continue;
    changes++;
    const actions = Array.isArray(rc.change.actions) ? rc.change.actions.map(String) : [];
    if (!actions.includes("delete")) continue;
    const type = String(rc.type);
    const stateful = statefulType(type);
    if (!stateful) continue;
    const address = String(rc.address);
    const allowedBy = allow.find((a) => a.matches(address))?.pattern;
    destructive.push({
      address,
      type,
      kind: stateful.kind,
      action: actions.includes("create") ? "replace" : "delete",
      ...(typeof rc.action_reason === "string" ? { reason: rc.action_reason } : {}),
      ...(allowedBy ? { allowedBy } : {}),
    });
  }
  return { destructive, blocked: destructive.filter((d) => !d.allowedBy), changes };
}

export function readPlanFile(file: string): unknown {
  try {
    return readTerraformJson(file);
  } catch (err) {
    throw new RealmkitError("RK-PLAN-READ", `cannot read ${file}: ${(err as Error).message}`, {
      location: { file, line: 1, col: 1 },
      fix: "pass the output of `terraform show -json plan.bin`",
    });
  }
}

export function formatPlanCheck(result: PlanCheckResult): string {
  const lines = result.destructive.map((d) => {
    const verdict = d.allowedBy ? `allowed by --allow-destroy ${d.allowedBy}` : "BLOCKED";
    return `${d.action.padEnd(7)}  ${d.kind.padEnd(11)}  ${d.address}${d.reason ? ` (${d.reason})` : ""}  ${verdict}`;
  });
  const summary = result.blocked.length
    ? `${result.blocked.length} stateful resource(s) would be destroyed; pass --allow-destroy ADDRESS for each one you mean to lose`
    : `no blocked destructive changes (${result.destructive.length} allowed, ${result.changes} changes checked)`;
  return `${[...lines, ...(lines.length ? [""] : []), summary].join("\n")}\n`;
}
