import { RealmkitError } from "../../lib/config/errors";
import type { RealmScopeProps } from "../common";
import type { MaintenanceWindow } from "../../lib/model/maintenance";

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
 * connects to (then only a secret container for its credentials is created). Decided once,
 * here, for every cloud: each cloud's construct builds its managed database and its credentials
 * container for an external one, and never re-derives which of the two the realm has.
 */
export type DatabaseChoice =
  | { readonly kind: "managed"; readonly spec: ManagedDatabaseSpec }
  | ({ readonly kind: "external" } & ExternalDatabaseSpec);

/**
 * The choice the props make. Props set exactly one of `managed` and `external` (they are a
 * consumer's API as well as what the realm model produces); `code` is the calling cloud's
 * error code, so the message names the construct that was misused.
 */
export function databaseChoice(props: Pick<DatabaseProps, "realm" | "managed" | "external">, code: string): DatabaseChoice {
  if (props.managed && !props.external) return { kind: "managed", spec: props.managed };
  if (props.external && !props.managed) return { kind: "external", host: props.external.host, port: props.external.port };
  throw new RealmkitError(code, "a database is either managed or external, exactly one of the two", {
    realm: props.realm,
    value: { managed: props.managed !== undefined, external: props.external !== undefined },
    fix: "set `managed` or `external` in the database props (in a realm file: `database.external` or the managed fields), not both",
  });
}

/** Statement classes the database audits (pgAudit's `pgaudit.log` classes). */
export type StatementAuditClass = "ddl" | "role" | "write" | "read";

/**
 * What a compliance profile needs audited. Schema and privilege changes always; HIPAA and PCI
 * DSS also require every access to the protected data (HIPAA 164.312(b), PCI DSS 10.2.1.1),
 * so reads and writes are audited too. Parameters are never logged: they would copy patient or
 * card data into the logs.
 */
export function statementAuditFor(profiles: readonly string[]): StatementAuditClass[] {
  return profiles.some((p) => p === "hipaa" || p === "pci") ? ["ddl", "role", "read", "write"] : ["ddl", "role"];
}

export interface DatabaseProps extends RealmScopeProps {
  readonly managed?: ManagedDatabaseSpec;
  readonly external?: ExternalDatabaseSpec;
  /** Refuse deletion on the cloud side and with `prevent_destroy`. */
  readonly deletionProtection: boolean;
  /** Statement classes audited with pgAudit (Cloud SQL). @default ["ddl", "role"] */
  readonly statementAudit?: readonly StatementAuditClass[];
  /** The realm's maintenance window (UTC, from its local time); each cloud's default when absent. */
  readonly maintenance?: MaintenanceWindow;
}
