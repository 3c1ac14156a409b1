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
