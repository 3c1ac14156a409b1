import { resolveAlert, type ResolvedAlert } from "../../lib/model/alerts";
import type { RealmScopeProps } from "../common";

export type { ResolvedAlert } from "../../lib/model/alerts";

/** Alert thresholds on the database; the same on every cloud so alerts mean the same thing. */
export interface DatabaseAlarmThresholds {
  /** Percent CPU, averaged over 5 minutes. @default 80 */
  readonly cpuPercent?: number;
  /** Percent of allocated storage still free. @default 10 */
  readonly freeStoragePercent?: number;
  /** Active connections. @default 400 */
  readonly connections?: number;
}

/** Alert routing and log retention for a realm. */
export interface ObservabilityProps extends RealmScopeProps {
  readonly alertEmails: readonly string[];
  readonly logRetentionDays: number;
  readonly thresholds?: DatabaseAlarmThresholds;
  /**
   * The realm's alert set (`realmAlerts` from `observability.alerts`): each becomes a native
   * alarm on the component it watches, when that component is given to the construct.
   * @default the database CPU, free-storage and connection alerts with `thresholds`
   */
  readonly alerts?: readonly ResolvedAlert[];
}

/**
 * The alerts a construct renders: the given set (else the database CPU, free-storage and
 * connection alerts), with any `thresholds` given to the construct replacing theirs.
 */
export function alertsOf(props: Pick<ObservabilityProps, "alerts" | "thresholds">): readonly ResolvedAlert[] {
  const given = definedOnly(props.thresholds ?? {});
  const base = props.alerts ?? [resolveAlert("databaseCpu"), resolveAlert("databaseFreeStorage"), resolveAlert("databaseConnections")];
  if (Object.keys(given).length === 0) return base;
  const override: Partial<Record<ResolvedAlert["id"], number | undefined>> = {
    databaseCpu: given.cpuPercent,
    databaseFreeStorage: given.freeStoragePercent,
    databaseConnections: given.connections,
  };
  return base.map((a) => (override[a.id] === undefined ? a : resolveAlert(a.id, { ...a, threshold: override[a.id] })));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const DEFAULT_THRESHOLDS: Required<DatabaseAlarmThresholds> = {
  cpuPercent: 80,
  freeStoragePercent: 10,
  connections: 400,
};
