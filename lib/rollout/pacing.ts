import type { Inventory } from "../model/inventory";
import { DEFAULT_MAX_PLAN_AGE_HOURS } from "./plan-meta";

/** How one wave is paced, as every realm of it agrees (the strictest setting wins). */
export interface WaveRules {
  readonly wave: number;
  /** Minutes between the wave's last apply and its health gate. */
  readonly bakeMinutes: number;
  /** Whether the health gate runs; when it fails, no later wave starts. */
  readonly gate: boolean;
}

/**
 * `rollout` in the layers (defaults in `_defaults.yaml`, per-wave overrides under `waves`).
 * Every realm carries the resolved block, so a realm may also tighten its own wave: the wave
 * bakes as long as its longest-baking realm asks, and is gated if any realm asks for a gate.
 * With no `rollout` block at all there is no bake and the gate runs.
 */
export function waveRules(inventory: Inventory, wave: number): WaveRules {
  const realms = inventory.realms.filter((r) => r.config.wave === wave);
  let bakeMinutes = 0;
  let gate = realms.length === 0;
  for (const r of realms) {
    const rollout = r.config.rollout;
    const own = rollout?.waves && Object.hasOwn(rollout.waves, String(wave)) ? rollout.waves[String(wave)] : undefined;
    bakeMinutes = Math.max(bakeMinutes, own?.bakeMinutes ?? rollout?.bakeMinutes ?? 0);
    gate ||= own?.gate ?? rollout?.gate ?? true;
  }
  return { wave, bakeMinutes, gate };
}

/** The age limit for saved plans: the smallest any realm of the selection sets. */
export function maxPlanAgeHours(inventory: Inventory, realms?: ReadonlySet<string>): number {
  const limits = inventory.realms
    .filter((r) => !realms || realms.has(r.id))
    .map((r) => r.config.rollout?.maxPlanAgeHours)
    .filter((n): n is number => typeof n === "number");
  return limits.length > 0 ? Math.min(...limits) : DEFAULT_MAX_PLAN_AGE_HOURS;
}
