import type { RealmScopeProps } from "../common";

/** Object storage: one private, encrypted, versioned bucket per logical name. */
export interface StorageProps extends RealmScopeProps {
  /** Logical bucket names, e.g. `["documents", "exports"]`. */
  readonly buckets: readonly string[];
  /**
   * Appended to globally unique names (account / project id) so two realms in different
   * accounts can share a realm id without a name clash.
   */
  readonly uniqueSuffix: string;
  /** Refuse deletion of non-empty buckets (`force_destroy = false`, `prevent_destroy`). */
  readonly deletionProtection: boolean;
  /** Days data-access logs of the buckets are kept. @default 365 */
  readonly accessLogRetentionDays?: number;
}
