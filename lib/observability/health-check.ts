import type { Inventory } from "../model/inventory";
import type { HealthGate } from "../rollout/gate";
import { allGates, monitorGate, requireHealthKeys } from "./health";
import { nativeGate, requireNativeCredentials } from "./native-health";

export interface HealthCheckOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Per request. @default 10000 */
  readonly timeoutMs?: number;
  /** Also ask the clouds' own alarms (`--native`). */
  readonly native?: boolean;
}

/**
 * The one health check `realmkit health`, `gate --monitors` and `rollout --monitors` run: the
 * aggregator's monitors and, when asked, the clouds' native alarms; a realm is healthy only
 * when both say so, with every reason of both. Credentials are checked first, so a missing
 * key is an error to fix before any wave waits on the verdict.
 */
export function healthCheck(inventory: Inventory, realms: readonly string[], options: HealthCheckOptions): HealthGate {
  requireHealthKeys(inventory, realms, options.env);
  const aggregator = monitorGate(inventory, { env: options.env, timeoutMs: options.timeoutMs });
  if (!options.native) return aggregator;
  requireNativeCredentials(inventory, realms, options.env);
  return allGates(aggregator, nativeGate(inventory, { env: options.env, timeoutMs: options.timeoutMs }));
}

/** The native alarms alone (`gate --native` without `--monitors`). */
export function nativeCheck(inventory: Inventory, realms: readonly string[], options: Omit<HealthCheckOptions, "native">): HealthGate {
  requireNativeCredentials(inventory, realms, options.env);
  return nativeGate(inventory, { env: options.env, timeoutMs: options.timeoutMs });
}

/**
 * A wave's plan gate joined with the health check the options ask for: `monitors` the
 * aggregator's monitors, `native` the clouds' alarms, both when both are given. The same
 * check as `realmkit health`, so a wave gate and a manual health check never disagree.
 */
export function withHealthCheck(
  check: HealthGate,
  inventory: Inventory,
  realms: readonly string[],
  options: { readonly monitors?: boolean; readonly native?: boolean; readonly env: NodeJS.ProcessEnv },
): HealthGate {
  if (!options.monitors && !options.native) return check;
  const health = options.monitors
    ? healthCheck(inventory, realms, { env: options.env, native: options.native })
    : nativeCheck(inventory, realms, { env: options.env });
  return allGates(check, health);
}
