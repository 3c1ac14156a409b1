import type { RealmConfig } from "../config/types";
import type { CloudTarget } from "./realm-model";

/**
 * The realm's alert set, one definition for every cloud and the aggregator: each signal below
 * becomes a CloudWatch alarm, a Cloud Monitoring alert policy or an Azure metric alert in the
 * realm stack, and a monitor in the fleet-observability stack, all with the threshold, window
 * and severity from `observability.alerts` (defaults in _defaults.yaml, tiers in _layers).
 */
export type AlertId =
  | "databaseCpu"
  | "databaseFreeStorage"
  | "databaseConnections"
  | "databaseReplicationLag"
  | "clusterNodeHealth"
  | "nodePoolCapacity"
  | "storageErrors";

export type AlertSeverity = "critical" | "high" | "medium" | "low";

/** The deployed component an alert watches. */
export type WatchedComponent = "database" | "cluster" | "storage";

export interface AlertSignal {
  readonly id: AlertId;
  readonly component: WatchedComponent;
  readonly title: string;
  readonly unit: "percent" | "connections" | "seconds" | "nodes" | "errors";
  /** `above`: fires when the metric exceeds the threshold; `below`: when it drops under it. */
  readonly direction: "above" | "below";
  /** Upper bound of a sensible threshold (percent signals stop at 100). */
  readonly max?: number;
}

export const ALERT_SIGNALS: readonly AlertSignal[] = [
  { id: "databaseCpu", component: "database", title: "database CPU", unit: "percent", direction: "above", max: 100 },
  { id: "databaseFreeStorage", component: "database", title: "database free storage", unit: "percent", direction: "below", max: 100 },
  { id: "databaseConnections", component: "database", title: "database connections", unit: "connections", direction: "above" },
  { id: "databaseReplicationLag", component: "database", title: "database replication lag", unit: "seconds", direction: "above" },
  { id: "clusterNodeHealth", component: "cluster", title: "cluster nodes not ready", unit: "nodes", direction: "above" },
  { id: "nodePoolCapacity", component: "cluster", title: "node-pool capacity used", unit: "percent", direction: "above", max: 100 },
  { id: "storageErrors", component: "storage", title: "storage server errors", unit: "errors", direction: "above" },
];

/** Used when a realm's layers leave a field out: the same values as realms/_defaults.yaml. */
export const ALERT_DEFAULTS: Readonly<Record<AlertId, { threshold: number; windowMinutes: number; severity: AlertSeverity }>> = {
  databaseCpu: { threshold: 80, windowMinutes: 5, severity: "high" },
  databaseFreeStorage: { threshold: 10, windowMinutes: 5, severity: "high" },
  databaseConnections: { threshold: 400, windowMinutes: 5, severity: "medium" },
  databaseReplicationLag: { threshold: 60, windowMinutes: 5, severity: "high" },
  clusterNodeHealth: { threshold: 0, windowMinutes: 5, severity: "high" },
  nodePoolCapacity: { threshold: 90, windowMinutes: 15, severity: "medium" },
  storageErrors: { threshold: 10, windowMinutes: 5, severity: "medium" },
};

/** One alert of one realm/provider pair, ready for any cloud or aggregator to render. */
export interface ResolvedAlert extends AlertSignal {
  readonly threshold: number;
  readonly windowMinutes: number;
  readonly severity: AlertSeverity;
  /** Plain-words condition for descriptions and monitor messages. */
  readonly condition: string;
}

/** Which components of a target alerts watch: those it deploys and that have a managed form. */
export function watchedComponents(config: RealmConfig, target: CloudTarget): WatchedComponent[] {
  const out: WatchedComponent[] = [];
  const db = config.database;
  if (target.components.has("database") && db && !("external" in db)) out.push("database");
  if (target.components.has("cluster") && config.cluster) out.push("cluster");
  if (target.components.has("storage") && config.storage && config.storage.buckets.length > 0) out.push("storage");
  return out;
}

/**
 * The enabled alerts of a realm/provider pair: one per signal of each watched component,
 * replication lag only where the database is highly available. Pure: the realm stacks, the
 * fleet stack and the coverage guardrail all call it, so they cannot disagree.
 */
export function realmAlerts(config: RealmConfig, target: CloudTarget): ResolvedAlert[] {
  const watched = new Set(watchedComponents(config, target));
  const db = config.database;
  const ha = Boolean(db && !("external" in db) && db.highAvailability);
  const set = config.observability?.alerts ?? {};
  return ALERT_SIGNALS.filter((s) => watched.has(s.component) && (s.id !== "databaseReplicationLag" || ha)).flatMap((signal) => {
    const given = set[signal.id] ?? {};
    return given.enabled === false ? [] : [resolveAlert(signal.id, given)];
  });
}

/** One alert with the given settings, the defaults filling what is left out. */
export function resolveAlert(
  id: AlertId,
  given: { threshold?: number; windowMinutes?: number; severity?: AlertSeverity } = {},
): ResolvedAlert {
  const signal = ALERT_SIGNALS.find((s) => s.id === id)!;
  const d = ALERT_DEFAULTS[id];
  const threshold = given.threshold ?? d.threshold;
  const windowMinutes = given.windowMinutes ?? d.windowMinutes;
  const severity = given.severity ?? d.severity;
  const unit = signal.unit === "percent" ? "%" : ` ${signal.unit}`;
  const condition = `${signal.title} ${signal.direction} ${threshold}${unit} over ${windowMinutes} min`;
  return { ...signal, threshold, windowMinutes, severity, condition };
}

/** Severity as each system spells it. */
export const severityScales = {
  /** Cloud Monitoring alert policy severity. */
  gcp: { critical: "CRITICAL", high: "ERROR", medium: "WARNING", low: "WARNING" },
  /** Azure Monitor: 0 critical ... 4 verbose. */
  azure: { critical: 0, high: 1, medium: 2, low: 3 },
  /** Datadog monitor priority: 1 highest ... 5 lowest. */
  datadog: { critical: 1, high: 2, medium: 3, low: 4 },
  /** New Relic condition priority. */
  newrelic: { critical: "critical", high: "critical", medium: "warning", low: "warning" },
} as const satisfies Record<string, Record<AlertSeverity, unknown>>;

/** Whether the severity wakes someone up on a paging realm. */
export function pages(severity: AlertSeverity): boolean {
  return severity === "critical" || severity === "high";
}
