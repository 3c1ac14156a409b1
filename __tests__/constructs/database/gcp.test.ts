import { TerraformOutput, type ITerraformDependable } from "../../../lib/cdktf";
import { GcpDatabase, type GcpDatabaseProps } from "../../../constructs/database/gcp";
import type { RealmkitError } from "../../../lib/config/errors";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { expectLabeledEverywhere, KEY_ID, NETWORK_ID, PROJECT, REGION, SCOPE } from "../gcp-sample";

/** Stand-ins for what GcpNetwork and GcpKeys hand over. */
const PEERING: ITerraformDependable = { fqn: "google_service_networking_connection.peering" };
const GRANT: ITerraformDependable = { fqn: "google_kms_crypto_key_iam_member.cloudsql" };

type Case = Omit<GcpDatabaseProps, "network" | "keyGrants">;
const managed: Case = {
  ...SCOPE,
  realm: "eu1",
  tier: "prod",
  deletionProtection: true,
  keyId: KEY_ID,
  managed: {
    engine: "postgres",
    version: "16",
    sku: "db-custom-8-30720",
    storageGb: 200,
    maxStorageGb: 1000,
    highAvailability: true,
    backupRetentionDays: 30,
  },
};
const dev: Case = {
  ...managed,
  realm: "dev1",
  tier: "dev",
  deletionProtection: false,
  managed: { engine: "postgres", version: "15", sku: "db-custom-2-7680", storageGb: 50, highAvailability: false, backupRetentionDays: 3 },
};
const external: Case = {
  ...SCOPE,
  realm: "sg2",
  tier: "prod",
  deletionProtection: true,
  keyId: KEY_ID,
  external: { host: "pg.partner.example.com", port: 6432 },
};

function synth(props: Case, withNetwork = true): { json: TfJson; db: GcpDatabase } {
  let db!: GcpDatabase;
  const json = synthConstruct((scope) => {
    db = new GcpDatabase(scope, "database", {
      ...props,
      keyGrants: [GRANT],
      network: withNetwork ? { networkId: NETWORK_ID, allocatedIpRange: "ibc-eu1-psa", privateServiceAccess: PEERING } : undefined,
    });
    new TerraformOutput(scope, "host", { value: db.host });
  });
  return { json, db };
}
const thrown = (props: Case, withNetwork = true): RealmkitError => {
  try {
    synth(props, withNetwork);
  } catch (err) {
    return err as RealmkitError;
  }
  throw new Error("expected an error");
};

describe("GcpDatabase (managed Cloud SQL PostgreSQL)", () => {
  const { json, db } = synth(managed);
  const instance = onlyResource(json, "google_sql_database_instance");
  const settings = instance.settings;

  it("runs the requested PostgreSQL major version and tier in the realm region, Enterprise edition for custom tiers", () => {
    expect(instance).toMatchObject({ name: "ibc-eu1-postgres", project: PROJECT, region: REGION, database_version: "POSTGRES_16" });
    expect(settings).toMatchObject({ tier: "db-custom-8-30720", edition: "ENTERPRISE" });
  });

  it("has a private address only, on the realm network's private services access range", () => {
    expect(settings.ip_configuration).toEqual({
      ipv4_enabled: false,
      private_network: NETWORK_ID,
      allocated_ip_range: "ibc-eu1-psa",
      ssl_mode: "ENCRYPTED_ONLY",
    });
    expect(settings.ip_configuration.authorized_networks).toBeUndefined();
  });

  it("is encrypted with the realm key and waits for the key grant and the peering", () => {
    expect(instance.encryption_key_name).toBe(KEY_ID);
    expect(instance.depends_on).toEqual([PEERING.fqn, GRANT.fqn]);
  });

  it("keeps daily backups for the retention, with point-in-time recovery, inside the region", () => {
    expect(settings.backup_configuration).toEqual({
      enabled: true,
      start_time: "03:00",
      location: REGION,
      point_in_time_recovery_enabled: true,
      transaction_log_retention_days: 7,
      backup_retention_settings: { retained_backups: 30, retention_unit: "COUNT" },
    });
  });

  it("keeps write-ahead logs no longer than the backups, and up to 35 days on Enterprise Plus", () => {
    const short = onlyResource(synth(dev).json, "google_sql_database_instance");
    expect(short.settings.backup_configuration.transaction_log_retention_days).toBe(3);
    const plus = onlyResource(
      synth({ ...managed, managed: { ...managed.managed!, sku: "db-perf-optimized-N-8" } }).json,
      "google_sql_database_instance",
    );
    expect(plus.settings.edition).toBe("ENTERPRISE_PLUS");
    expect(plus.settings.backup_configuration.transaction_log_retention_days).toBe(30);
  });

  it("logs connections and disconnections and uses IAM authentication", () => {
    expect(settings.database_flags).toEqual(
      expect.arrayContaining([
        { name: "log_connections", value: "on" },
        { name: "log_disconnections", value: "on" },
        { name: "cloudsql.iam_authentication", value: "on" },
        { name: "log_min_duration_statement", value: "-1" },
      ]),
    );
  });

  it("audits schema and privilege changes with pgAudit, and reads and writes for HIPAA and PCI, never parameters", () => {
    expect(settings.database_flags).toEqual(
      expect.arrayContaining([
        { name: "cloudsql.enable_pgaudit", value: "on" },
        { name: "pgaudit.log", value: "ddl,role" },
        { name: "pgaudit.log_parameter", value: "off" },
      ]),
    );
    const strict = onlyResource(
      synth({ ...managed, statementAudit: ["ddl", "role", "read", "write"] }).json,
      "google_sql_database_instance",
    );
    expect(strict.settings.database_flags).toEqual(expect.arrayContaining([{ name: "pgaudit.log", value: "ddl,role,read,write" }]));
  });

  it("never carries a password", () => {
    expect(JSON.stringify(json)).not.toMatch(/password/i);
    expect(resourcesOf(json, "google_sql_user")).toEqual({});
  });

  it("is regional (HA) when asked and zonal otherwise", () => {
    expect(settings.availability_type).toBe("REGIONAL");
    expect(onlyResource(synth(dev).json, "google_sql_database_instance").settings.availability_type).toBe("ZONAL");
  });

  it("grows SSD storage automatically up to maxStorageGb, or 4x the initial size by default", () => {
    expect(settings).toMatchObject({ disk_type: "PD_SSD", disk_size: 200, disk_autoresize: true, disk_autoresize_limit: 1000 });
    expect(onlyResource(synth(dev).json, "google_sql_database_instance").settings.disk_autoresize_limit).toBe(200);
  });

  it("is protected from deletion in Terraform, in the API and by prevent_destroy, and keeps backups after deletion", () => {
    expect(instance.deletion_protection).toBe(true);
    expect(settings.deletion_protection_enabled).toBe(true);
    expect(settings.retain_backups_on_delete).toBe(true);
    expect(instance.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("can be deleted in a dev realm", () => {
    const inst = onlyResource(synth(dev).json, "google_sql_database_instance");
    expect(inst.deletion_protection).toBe(false);
    expect(inst.settings.deletion_protection_enabled).toBe(false);
    expect(inst.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("takes maintenance on a stable track in a quiet window", () => {
    expect(settings.maintenance_window).toEqual({ day: 7, hour: 4, update_track: "stable" });
  });

  it("keeps client addresses out of query insights", () => {
    expect(settings.insights_config).toEqual({
      query_insights_enabled: true,
      record_client_address: false,
      record_application_tags: false,
    });
  });

  it("labels the instance", () => {
    expectLabeledEverywhere(json);
  });

  it("exposes the private address, connection name and monitored database id", () => {
    const address = Object.keys(resourcesOf(json, "google_sql_database_instance"))[0];
    expect(json.output!.host!.value).toBe(`\${google_sql_database_instance.${address}.private_ip_address}`);
    expect(db.port).toBe(5432);
    expect(db.monitoredDatabaseId).toBe(`${PROJECT}:ibc-eu1-postgres`);
    expect(db.credentialsSecretId).toBeUndefined();
  });

  it("creates no secret for a managed database", () => {
    expect(resourcesOf(json, "google_secret_manager_secret")).toEqual({});
  });
});

describe("GcpDatabase (external)", () => {
  const { json, db } = synth(external, false);

  it("creates only a secret container for the credentials, no instance and no secret value", () => {
    expect(Object.keys(json.resource!)).toEqual(["google_secret_manager_secret"]);
    expect(onlyResource(json, "google_secret_manager_secret")).toMatchObject({
      secret_id: "ibc-sg2-database-credentials",
      deletion_protection: true,
      replication: { user_managed: { replicas: [{ location: REGION, customer_managed_encryption: { kms_key_name: KEY_ID } }] } },
      depends_on: [GRANT.fqn],
    });
    expect(resourcesOf(json, "google_secret_manager_secret_version")).toEqual({});
  });

  it("points at the external host and port", () => {
    expect(json.output!.host!.value).toBe("pg.partner.example.com");
    expect(db.port).toBe(6432);
    expect(db.instanceName).toBeUndefined();
    expect(db.monitoredDatabaseId).toBeUndefined();
  });

  it("labels the secret", () => {
    expectLabeledEverywhere(json);
  });
});

describe("GcpDatabase input checks", () => {
  it.each([
    ["both managed and external", { ...managed, external: { host: "x.example.com", port: 5432 } }, "RK-GCP-DATABASE-KIND"],
    ["neither managed nor external", { ...managed, managed: undefined }, "RK-GCP-DATABASE-KIND"],
    ["a minor version", { ...managed, managed: { ...managed.managed!, version: "16.4" } }, "RK-GCP-DATABASE-VERSION"],
    ["storage below 10 GB", { ...managed, managed: { ...managed.managed!, storageGb: 5, maxStorageGb: 5 } }, "RK-GCP-DATABASE-STORAGE"],
    ["max storage below storage", { ...managed, managed: { ...managed.managed!, maxStorageGb: 100 } }, "RK-GCP-DATABASE-STORAGE"],
    ["no retained backups", { ...managed, managed: { ...managed.managed!, backupRetentionDays: 0 } }, "RK-GCP-DATABASE-BACKUPS"],
    ["an AWS instance class", { ...managed, managed: { ...managed.managed!, sku: "db.r6g.xlarge" } }, "RK-GCP-DATABASE-TIER"],
    ["a backup start off the hour", { ...managed, backupStartTime: "03:30" }, "RK-GCP-DATABASE-WINDOW"],
    ["a maintenance day 0", { ...managed, maintenanceWindow: { day: 0, hour: 4 } }, "RK-GCP-DATABASE-WINDOW"],
  ] as Array<[string, Case, string]>)("rejects %s", (_, props, code) => {
    const err = thrown(props);
    expect(err.code).toBe(code);
    expect(err.realm).toBe("eu1");
    expect(err.fix).toBeTruthy();
  });

  it("rejects a managed database without the realm network", () => {
    expect(thrown(managed, false).code).toBe("RK-GCP-DATABASE-NETWORK");
  });
});
