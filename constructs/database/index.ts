import type { RealmScopeProps } from "../common";

export interface ManagedDatabaseSpec {
  readonly engine: "postgres";
  /** Major version, e.g. "16". */
  readonly version: string;
  /** Provider SKU from the size catalogue (or an explicit override). */
  readonly sku: string;
  readonly storageGb: number;
  /** Storage autoscaling ceiling. @default 4 × storageGb */
  readonly maxStorageGb?: number;
  /** Standby in another zone (Multi-AZ / regional / zone-redundant HA). */
  readonly highAvailability: boolean;
  readonly backupRetentionDays: number;
}

export interface ExternalDatabaseSpec {
  readonly host: string;
  readonly port: number;
}

/**
 * The realm's PostgreSQL: either managed by Realmkit, or an existing one the realm only
 * connects to (then only a secret container for its credentials is created).
 * Exactly one of `managed` and `external` is set.
 */
export interface DatabaseProps extends RealmScopeProps {
  readonly managed?: ManagedDatabaseSpec;
  readonly external?: ExternalDatabaseSpec;
  /** Refuse deletion on the cloud side and with `prevent_destroy`. */
  readonly deletionProtection: boolean;
}
