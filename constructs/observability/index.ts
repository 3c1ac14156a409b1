import type { RealmScopeProps } from "../common";

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
}

export const DEFAULT_THRESHOLDS: Required<DatabaseAlarmThresholds> = {
  cpuPercent: 80,
  freeStoragePercent: 10,
  connections: 400,
};
