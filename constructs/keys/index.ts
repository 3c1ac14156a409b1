import { RealmkitError } from "../../lib/config/errors";
import type { RealmScopeProps } from "../common";

/** The realm's customer-managed encryption key, used by every other component. */
export interface KeysProps extends RealmScopeProps {
  /**
   * Days between automatic rotations.
   * @default 90 (AWS rotates yearly unless a period is supported; GCP and Azure use this value)
   */
  readonly rotationDays?: number;
  /**
   * Days a scheduled key deletion waits (AWS) / soft-delete retention (Azure).
   * @default 30
   */
  readonly deletionWindowDays?: number;
}

/** The inclusive day ranges a provider accepts for a key's rotation and deletion periods. */
export interface KeyPeriodRanges {
  readonly rotationDays: readonly [number, number];
  readonly deletionWindowDays: readonly [number, number];
}

/**
 * A key's rotation and deletion periods: the documented defaults, checked against the
 * provider's limits so a bad value fails at synth time rather than at apply time.
 */
export function keyPeriods(
  props: KeysProps,
  ranges: KeyPeriodRanges,
  error: { readonly code: string; readonly cloud: string },
): { rotationDays: number; deletionWindowDays: number } {
  const periods = { rotationDays: props.rotationDays ?? 90, deletionWindowDays: props.deletionWindowDays ?? 30 };
  for (const field of ["rotationDays", "deletionWindowDays"] as const) {
    const value = periods[field];
    const [min, max] = ranges[field];
    if (Number.isInteger(value) && value >= min && value <= max) continue;
    throw new RealmkitError(error.code, `${field} must be a whole number of days from ${min} to ${max} on ${error.cloud}, got ${value}`, {
      value,
      realm: props.realm,
      fix: `set ${field} between ${min} and ${max}`,
    });
  }
  return periods;
}
