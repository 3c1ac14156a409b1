import { existsSync } from "node:fs";
import { RealmkitError } from "../config/errors";
import { describeWindow, inWindow, type MaintenanceWindow } from "../model/maintenance";
import { readPlanFile } from "../policy/plan-check";
import { classifyChanges, type ClassifiedChange } from "../terraform/change-effect";
import type { PlanJson } from "../terraform/plan-json";
import { planFiles } from "../terraform/runner";

export interface WindowedStack {
  readonly stackId: string;
  readonly realm: string;
  /** The realm's window for this stack's region; a stack without one is never held. */
  readonly window?: MaintenanceWindow;
}

export interface HeldStack {
  readonly stackId: string;
  readonly window: MaintenanceWindow;
  readonly changes: readonly ClassifiedChange[];
}

/** Stacks whose saved plan restarts or replaces something while `now` is outside the realm's window. */
export function restartsOutsideWindow(plansDir: string, stacks: readonly WindowedStack[], now: Date): HeldStack[] {
  const held: HeldStack[] = [];
  for (const s of stacks) {
    if (!s.window || inWindow(s.window, now)) continue;
    const { planJsonFile } = planFiles(plansDir, s.realm, s.stackId);
    if (!existsSync(planJsonFile)) continue; // guardWave already refuses a plan without its JSON
    const plan = readPlanFile(planJsonFile) as PlanJson;
    const changes = classifyChanges(Array.isArray(plan?.resource_changes) ? plan.resource_changes : []).interrupting;
    if (changes.length > 0) held.push({ stackId: s.stackId, window: s.window, changes });
  }
  return held;
}

/**
 * `rollout --hold-restarts`: the wave waits for its realms' windows when a plan would restart
 * or replace a serving resource. Checked for the whole wave before any apply starts, so a wave
 * is applied whole or not at all (a half-applied wave would confuse its health gate).
 */
export function holdRestartsToWindow(plansDir: string, stacks: readonly WindowedStack[], now: Date): void {
  const held = restartsOutsideWindow(plansDir, stacks, now);
  if (held.length === 0) return;
  const lines = held.flatMap((h) => [
    `${h.stackId}: window ${describeWindow(h.window)}`,
    ...h.changes.map((c) => `  ${c.effect} ${c.address} (${c.reason})`),
  ]);
  throw new RealmkitError(
    "RK-ROLLOUT-OUTSIDE-WINDOW",
    `the wave's plans restart or replace serving resources outside the realms' maintenance windows:\n    ${lines.join("\n    ")}`,
    {
      value: held.map((h) => h.stackId),
      fix: "run the rollout again inside the window (the time is in each line), or drop --hold-restarts if the interruption is accepted now",
    },
  );
}
