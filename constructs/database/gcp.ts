import { cloudSqlWindow } from "../../lib/model/maintenance";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import type { ITerraformDependable } from "../../lib/cdktf";
import { Construct } from "constructs";
import { checkCloudSqlTier } from "./gcp-sql-tier";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { gcpLabels, type GcpKeyRef, type GcpScopeProps } from "../gcp-scope";
import { GcpSecret } from "../services/gcp-secret";
import { databaseChoice, type DatabaseChoice, type DatabaseProps, type ManagedDatabaseSpec } from "./index";

export const GCP_POSTGRES_PORT = 5432;

/** Where a managed Cloud SQL instance takes its private address from (from GcpNetwork). */
export interface GcpDatabaseNetwork {
  /** Network id `projects/<p>/global/networks/<name>`. */
  readonly networkId: string;
  /** Name of the private services access range (global address with purpose VPC_PEERING). */
  readonly allocatedIpRange: string;
  /** The service networking connection; the instance can only be created after it. */
  readonly privateServiceAccess: ITerraformDependable;
}

export interface GcpDatabaseProps extends DatabaseProps, GcpScopeProps, GcpKeyRef {
  /** Required for a managed database; unused for an external one. */
  readonly network?: GcpDatabaseNetwork;
  /** Daily backup start, UTC, `HH:MM`. @default "03:00" */
  readonly backupStartTime?: string;
  /** Weekly maintenance window: day 1 (Monday) to 7 (Sunday) and hour UTC. @default { day: 7, hour: 4 } */
  readonly maintenanceWindow?: { readonly day: number; readonly hour: number };
}

/**
 * The edition a machine tier belongs to, and how many days of write-ahead log it keeps for
 * point-in-time recovery (Cloud SQL limits: Enterprise 7, Enterprise Plus 35).
 */
function editionOf(tier: string): { edition: "ENTERPRISE" | "ENTERPRISE_PLUS"; maxLogDays: number } {
  return tier.startsWith("db-perf-optimized-") ? { edition: "ENTERPRISE_PLUS", maxLogDays: 35 } : { edition: "ENTERPRISE", maxLogDays: 7 };
}

// Cloud SQL keeps 1 to 365 automated backups; SSD storage starts at 10 GB.
const RETAINED_BACKUPS_RANGE = [1, 365] as const;
const MIN_STORAGE_GB = 10;

/**
 * The realm's PostgreSQL on GCP: a Cloud SQL instance with a private address only, TLS
 * required, encrypted with the realm key, daily backups with point-in-time recovery kept in
 * the realm region, connection logging, IAM database authentication (so no password exists
 * in Terraform), and regional high availability when asked. For a database run elsewhere,
 * only an encrypted Secret Manager container for its credentials is created.
 */
export class GcpDatabase extends Construct {
  /** Which of the two the realm has, as `databaseChoice` decided it. */
  readonly choice: DatabaseChoice;
  readonly host: string;
  readonly port: number;
  /** Cloud SQL instance name; undefined for an external database. */
  readonly instanceName?: string;
  /** `project:region:instance`, what the Cloud SQL connectors and Auth Proxy take. */
  readonly connectionName?: string;
  /** `project:instance`, the `database_id` label of Cloud SQL metrics. */
  readonly monitoredDatabaseId?: string;
  /** Secret Manager secret for an external database's credentials (value set out of band). */
  readonly credentialsSecretId?: string;

  constructor(scope: Construct, id: string, props: GcpDatabaseProps) {
    super(scope, id);
    const choice = databaseChoice(props, "RK-GCP-DATABASE-KIND");
    this.choice = choice;
    if (choice.kind === "managed") {
      const network = props.network;
      if (!network) {
        throw new RealmkitError("RK-GCP-DATABASE-NETWORK", "a managed Cloud SQL instance needs the realm network for its private address", {
          realm: props.realm,
          fix: "pass `network` from GcpNetwork (networkId, privateServiceAccessRangeName, privateServiceAccess)",
        });
      }
      const instance = this.instance(props, choice.spec, network);
      this.host = instance.privateIpAddress;
      this.port = GCP_POSTGRES_PORT;
      this.instanceName = instance.name;
      this.connectionName = instance.connectionName;
      this.monitoredDatabaseId = `${props.project}:${resourceName("gcp", "default", props.realm, "postgres")}`;
      return;
    }
    const secret = new GcpSecret(this, "credentials", {
      ...props,
      secretId: resourceName("gcp", "default", props.realm, "database", "credentials"),
      description: `Credentials of the external PostgreSQL ${choice.host}:${choice.port} of realm ${props.realm}; value set out of band`,
      deletionProtection: props.deletionProtection,
    });
    this.host = choice.host;
    this.port = choice.port;
    this.credentialsSecretId = secret.secretId;
  }

  private instance(props: GcpDatabaseProps, spec: ManagedDatabaseSpec, network: GcpDatabaseNetwork): SqlDatabaseInstance {
    const maxStorageGb = spec.maxStorageGb ?? spec.storageGb * 4;
    check(props, spec, maxStorageGb);
    const { edition, maxLogDays } = editionOf(spec.sku);
    const window = props.maintenanceWindow ?? (props.maintenance ? cloudSqlWindow(props.maintenance) : { day: 7, hour: 4 });

    return new SqlDatabaseInstance(this, "postgres", {
      name: resourceName("gcp", "default", props.realm, "postgres"),
      project: props.project,
      region: props.region,
      databaseVersion: `POSTGRES_${spec.version}`,
      encryptionKeyName: props.keyId,
      // Terraform refuses to destroy it; `settings.deletion_protection_enabled` also guards the API.
      deletionProtection: props.deletionProtection,
      settings: {
        tier: spec.sku,
        edition,
        availabilityType: spec.highAvailability ? "REGIONAL" : "ZONAL",
        diskType: "PD_SSD",
        diskSize: spec.storageGb,
        diskAutoresize: true,
        diskAutoresizeLimit: maxStorageGb,
        deletionProtectionEnabled: props.deletionProtection,
        // Protected realms keep their backups even after the instance is gone.
        retainBackupsOnDelete: props.deletionProtection,
        userLabels: gcpLabels(props.labels),
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: network.networkId,
          allocatedIpRange: network.allocatedIpRange,
          sslMode: "ENCRYPTED_ONLY",
        },
        backupConfiguration: {
          enabled: true,
          startTime: props.backupStartTime ?? "03:00",
          // Backups default to a multi-region; pinning them to the region keeps them in the residency.
          location: props.region,
          pointInTimeRecoveryEnabled: true,
          transactionLogRetentionDays: Math.min(spec.backupRetentionDays, maxLogDays),
          backupRetentionSettings: { retainedBackups: spec.backupRetentionDays, retentionUnit: "COUNT" },
        },
        databaseFlags: [
          { name: "log_connections", value: "on" },
          { name: "log_disconnections", value: "on" },
          { name: "log_checkpoints", value: "on" },
          { name: "log_lock_waits", value: "on" },
          { name: "log_temp_files", value: "0" },
          // Statement text may hold personal data: durations are not logged with statements.
          { name: "log_min_duration_statement", value: "-1" },
          // Applications and people log in with their Google identity; no database password to leak.
          { name: "cloudsql.iam_authentication", value: "on" },
          // pgAudit records who changed schema and privileges (and, for HIPAA and PCI, who read or
          // wrote data) in the data-access audit log; `CREATE EXTENSION pgaudit` turns it on per database.
          { name: "cloudsql.enable_pgaudit", value: "on" },
          { name: "pgaudit.log", value: (props.statementAudit ?? ["ddl", "role"]).join(",") },
          { name: "pgaudit.log_parameter", value: "off" },
        ],
        insightsConfig: { queryInsightsEnabled: true, recordClientAddress: false, recordApplicationTags: false },
        maintenanceWindow: { day: window.day, hour: window.hour, updateTrack: "stable" },
      },
      dependsOn: [network.privateServiceAccess, ...(props.keyGrants ?? [])],
      lifecycle: { preventDestroy: props.deletionProtection },
    });
  }
}

function check(props: GcpDatabaseProps, spec: ManagedDatabaseSpec, maxStorageGb: number): void {
  const fail = (code: string, message: string, value: unknown, fix: string): never => {
    throw new RealmkitError(code, message, { realm: props.realm, value, fix });
  };
  if (!/^\d{2}$/.test(spec.version)) {
    fail(
      "RK-GCP-DATABASE-VERSION",
      `Cloud SQL takes a PostgreSQL major version such as "16", got "${spec.version}"`,
      spec.version,
      'use the major version, e.g. "16"',
    );
  }
  if (spec.storageGb < MIN_STORAGE_GB) {
    fail(
      "RK-GCP-DATABASE-STORAGE",
      `Cloud SQL SSD storage starts at ${MIN_STORAGE_GB} GB, got ${spec.storageGb}`,
      spec.storageGb,
      `set storageGb to ${MIN_STORAGE_GB} or more`,
    );
  }
  if (maxStorageGb < spec.storageGb) {
    fail(
      "RK-GCP-DATABASE-STORAGE",
      `maxStorageGb (${maxStorageGb}) is below storageGb (${spec.storageGb})`,
      maxStorageGb,
      "raise maxStorageGb or leave it unset (4 × storageGb)",
    );
  }
  const [min, max] = RETAINED_BACKUPS_RANGE;
  if (!Number.isInteger(spec.backupRetentionDays) || spec.backupRetentionDays < min || spec.backupRetentionDays > max) {
    fail(
      "RK-GCP-DATABASE-BACKUPS",
      `Cloud SQL keeps ${min} to ${max} daily backups, got ${spec.backupRetentionDays}`,
      spec.backupRetentionDays,
      `set backupRetentionDays between ${min} and ${max}`,
    );
  }
  checkCloudSqlTier(spec.sku, props.realm);
  const time = props.backupStartTime ?? "03:00";
  if (!/^([01]\d|2[0-3]):00$/.test(time)) {
    fail("RK-GCP-DATABASE-WINDOW", `backupStartTime must be a whole hour HH:00 UTC, got "${time}"`, time, 'use e.g. "03:00"');
  }
  const window = props.maintenanceWindow;
  if (
    window &&
    !(
      Number.isInteger(window.day) &&
      window.day >= 1 &&
      window.day <= 7 &&
      Number.isInteger(window.hour) &&
      window.hour >= 0 &&
      window.hour <= 23
    )
  ) {
    fail(
      "RK-GCP-DATABASE-WINDOW",
      `maintenanceWindow needs day 1-7 and hour 0-23, got day ${window.day} hour ${window.hour}`,
      window,
      "use e.g. { day: 7, hour: 4 } (Sunday 04:00 UTC)",
    );
  }
}
