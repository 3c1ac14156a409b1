import { existsSync } from "node:fs";
import { RealmkitError } from "../config/errors";
import { checkPlan, readPlanFile, type DestructiveChange } from "../policy/plan-check";
import { planFiles } from "../terraform/runner";

export interface StackDestruction {
  readonly stackId: string;
  readonly changes: readonly DestructiveChange[];
}

/** The guardrails' destructive-change check (lib/policy/plan-check) over one saved plan's JSON. */
export function destructiveChanges(planJsonFile: string, allowDestroy: readonly string[] = []): readonly DestructiveChange[] {
  return checkPlan(readPlanFile(planJsonFile), { allowDestroy }).destructive;
}

/** One line per destructive change for tables: `BLOCKED replace database aws_db_instance.x`. */
export function describeDestruction(changes: readonly DestructiveChange[]): string[] {
  return changes.map((d) => `${d.allowedBy ? `allowed (${d.allowedBy})` : "BLOCKED"} ${d.action} ${d.kind} ${d.address}`);
}

/**
 * Before a wave is applied: no saved plan may delete or replace a database, key, bucket,
 * vault, DNS zone or secret unless `--allow-destroy` names it. Checked for the whole wave
 * before any apply starts, so a blocked plan never leaves a wave half done.
 */
export function guardWave(
  plansDir: string,
  stacks: readonly { stackId: string; realm: string }[],
  allowDestroy: readonly string[] = [],
): void {
  const blocked: StackDestruction[] = [];
  for (const s of stacks) {
    const { planJsonFile } = planFiles(plansDir, s.realm, s.stackId);
    if (!existsSync(planJsonFile)) {
      throw new RealmkitError("RK-ROLLOUT-NO-PLAN", `no plan JSON ${planJsonFile} beside the saved plan of ${s.stackId}`, {
        value: planJsonFile,
        fix: `re-run \`realmkit plan ${s.realm} --out ${plansDir}\`: it writes the plan file and its JSON together`,
      });
    }
    const changes = destructiveChanges(planJsonFile, allowDestroy).filter((d) => !d.allowedBy);
    if (changes.length > 0) blocked.push({ stackId: s.stackId, changes });
  }
  if (blocked.length === 0) return;
  const list = blocked.flatMap((b) => b.changes.map((c) => `${b.stackId}: ${c.action} ${c.kind} ${c.address}`));
  throw new RealmkitError("RK-ROLLOUT-DESTRUCTIVE", `the wave's plans destroy stateful resources:\n    ${list.join("\n    ")}`, {
    value: list,
    fix: "if the data loss is intended, pass --allow-destroy ADDRESS (globs allowed) for each; otherwise change the realm or construct so the resource is updated in place",
  });
}
