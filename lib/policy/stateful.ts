import { dict } from "../config/dict";
import { fail, notApplicable, pass, failIfAny, type CheckResult } from "./types";
import type { ResourceView, StackView } from "./view/types";
import { asNumber, block, isFalse, isLiteral, isTrue, refersTo, show } from "./view/values";

/**
 * Resource types that hold data (or keys to data) that a delete destroys for good, or that are
 * expensive to rebuild. One table serves the protection rules (the PROTECTED_KINDS below) and
 * the destructive-change gate of `plan-check` and `rollout --apply` (every kind); docs/safety.md
 * lists it, and a test keeps that list equal to this table.
 */
export type StatefulKind =
  | "database"
  | "key"
  | "bucket"
  | "vault"
  | "disk"
  | "dns-zone"
  | "secret"
  | "file-system"
  /** Audit and flow logs: deleting the group, workspace or bucket deletes what it kept. */
  | "log"
  /** Kubernetes and search clusters, streams: hours to rebuild, their workloads' data with them. */
  | "cluster"
  | "cache"
  /** Container images: the running workloads pull from it. */
  | "registry";

export interface StatefulType {
  readonly kind: StatefulKind;
  /**
   * The cloud-side guard against deletion, when the cloud has one: deletion protection,
   * a deletion waiting period, refusing to delete non-empty buckets, a resource lock.
   * `undefined`: the cloud offers none, so `prevent_destroy` and the plan gate are the guard.
   */
  readonly cloudGuard?: (r: ResourceView, stack: StackView) => CheckResult;
  /** Keys are protected in every tier: losing a key loses everything encrypted with it. */
  readonly alwaysProtected?: boolean;
  /**
   * Only the destructive-change gate guards it, not the protection rules: a type Realmkit's
   * constructs do not create (it reaches a stack through an escape hatch, or a plan of another
   * tool), so there is no construct to give it deletion protection.
   */
  readonly gateOnly?: boolean;
}

const THIRTY_DAYS_S = 30 * 24 * 3600;

const deletionProtection = (attr: string) => (r: ResourceView) =>
  isTrue(r.values[attr]) ? pass() : fail(`\`${attr}\` is ${show(r.values[attr])}; the cloud would delete it on request`);

const noForceDestroy =
  (attr = "force_destroy") =>
  (r: ResourceView) =>
    isTrue(r.values[attr]) ? fail(`\`${attr} = true\` lets Terraform delete it with everything in it`) : pass();

const database = (protectionAttr: string) => (r: ResourceView) =>
  failIfAny([
    ...(isTrue(r.values[protectionAttr]) ? [] : [`\`${protectionAttr}\` is ${show(r.values[protectionAttr])}`]),
    ...(isTrue(r.values.skip_final_snapshot) ? ["`skip_final_snapshot = true` drops the last snapshot on delete"] : []),
  ]);

/** Azure has no per-resource deletion switch: a CanNotDelete lock on it or its resource group is the guard. */
function azureLock(r: ResourceView, stack: StackView): CheckResult {
  const locks = stack.resources.filter(
    (l) => l.type === "azurerm_management_lock" && (l.values.lock_level === "CanNotDelete" || l.values.lock_level === "ReadOnly"),
  );
  const groups = stack.resources.filter((g) => g.type === "azurerm_resource_group" && refersTo(r.values.resource_group_name, g.address));
  const covers = locks.some((l) => {
    const scope = l.values.scope;
    if (refersTo(scope, r.address) || groups.some((g) => refersTo(scope, g.address))) return true;
    return typeof scope === "string" && isLiteral(scope) && /^\/subscriptions\/[^/]+\/?$/.test(scope);
  });
  if (covers) return pass();
  if (stack.format === "plan" && locks.length > 0)
    return notApplicable("lock scopes are known only after apply in a plan; check the cdk.tf.json");
  return fail("no `azurerm_management_lock` (CanNotDelete) covers it or its resource group");
}

export const STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = dict({
  // AWS
  aws_db_instance: { kind: "database", cloudGuard: database("deletion_protection") },
  aws_rds_cluster: { kind: "database", cloudGuard: database("deletion_protection") },
  aws_docdb_cluster: { kind: "database", cloudGuard: database("deletion_protection") },
  aws_neptune_cluster: { kind: "database", cloudGuard: database("deletion_protection") },
  aws_dynamodb_table: { kind: "database", cloudGuard: deletionProtection("deletion_protection_enabled") },
  aws_kms_key: {
    kind: "key",
    alwaysProtected: true,
    cloudGuard: (r) => {
      const days = asNumber(r.values.deletion_window_in_days) ?? 30;
      return days >= 30 ? pass() : fail(`\`deletion_window_in_days\` is ${days}; a scheduled deletion should wait the full 30 days`);
    },
  },
  aws_s3_bucket: { kind: "bucket", cloudGuard: noForceDestroy() },
  aws_backup_vault: { kind: "vault", cloudGuard: noForceDestroy() },
  aws_route53_zone: { kind: "dns-zone", cloudGuard: noForceDestroy() },
  aws_ebs_volume: { kind: "disk" },
  aws_efs_file_system: { kind: "file-system" },
  aws_redshift_cluster: { kind: "database", gateOnly: true },
  aws_timestreamwrite_database: { kind: "database", gateOnly: true },
  aws_keyspaces_table: { kind: "database", gateOnly: true },
  aws_glacier_vault: { kind: "vault", gateOnly: true },
  aws_ssm_parameter: { kind: "secret" },
  aws_cloudwatch_log_group: { kind: "log" },
  aws_eks_cluster: { kind: "cluster" },
  aws_msk_cluster: { kind: "cluster" },
  aws_opensearch_domain: { kind: "cluster" },
  aws_elasticsearch_domain: { kind: "cluster" },
  aws_kinesis_stream: { kind: "cluster" },
  aws_elasticache_replication_group: { kind: "cache" },
  aws_elasticache_cluster: { kind: "cache" },
  aws_memorydb_cluster: { kind: "cache" },
  aws_ecr_repository: { kind: "registry" },
  aws_secretsmanager_secret: {
    kind: "secret",
    cloudGuard: (r) =>
      asNumber(r.values.recovery_window_in_days) === 0 ? fail("`recovery_window_in_days = 0` deletes the secret at once") : pass(),
  },
  // Google Cloud
  google_sql_database_instance: {
    kind: "database",
    cloudGuard: (r) =>
      failIfAny([
        ...(isTrue(block(r.values, "settings").deletion_protection_enabled)
          ? []
          : ["`settings.deletion_protection_enabled` (the cloud-side switch) is not true"]),
        ...(isFalse(r.values.deletion_protection) ? ["`deletion_protection = false` lets Terraform delete it"] : []),
      ]),
  },
  google_alloydb_cluster: {
    kind: "database",
    cloudGuard: (r) => (isFalse(r.values.deletion_protection) ? fail("`deletion_protection = false`") : pass()),
  },
  google_bigquery_dataset: { kind: "database", cloudGuard: noForceDestroy("delete_contents_on_destroy") },
  google_storage_bucket: { kind: "bucket", cloudGuard: noForceDestroy() },
  google_kms_key_ring: { kind: "key", alwaysProtected: true, cloudGuard: () => pass("key rings cannot be deleted") },
  google_kms_crypto_key: {
    kind: "key",
    alwaysProtected: true,
    cloudGuard: (r) => {
      const d = r.values.destroy_scheduled_duration;
      const seconds = typeof d === "string" && /^\d+(\.\d+)?s$/.test(d) ? Number(d.slice(0, -1)) : undefined;
      return seconds === undefined || seconds >= THIRTY_DAYS_S
        ? pass()
        : fail(`\`destroy_scheduled_duration\` is ${d}; key versions should wait 30 days before destruction`);
    },
  },
  google_dns_managed_zone: { kind: "dns-zone", cloudGuard: noForceDestroy() },
  google_compute_disk: { kind: "disk" },
  google_compute_region_disk: { kind: "disk" },
  google_filestore_instance: { kind: "file-system" },
  google_secret_manager_secret: { kind: "secret" },
  google_sql_database: { kind: "database", gateOnly: true },
  google_spanner_instance: { kind: "database", gateOnly: true },
  google_spanner_database: { kind: "database", gateOnly: true },
  google_bigtable_instance: { kind: "database", gateOnly: true },
  google_firestore_database: { kind: "database", gateOnly: true },
  google_logging_project_bucket_config: { kind: "log" },
  google_logging_folder_bucket_config: { kind: "log" },
  google_logging_organization_bucket_config: { kind: "log" },
  google_container_cluster: { kind: "cluster" },
  google_redis_instance: { kind: "cache" },
  google_artifact_registry_repository: { kind: "registry" },
  // Azure
  azurerm_postgresql_flexible_server: { kind: "database", cloudGuard: azureLock },
  azurerm_mssql_server: { kind: "database", cloudGuard: azureLock },
  azurerm_cosmosdb_account: { kind: "database", cloudGuard: azureLock },
  azurerm_storage_account: { kind: "bucket", cloudGuard: azureLock },
  azurerm_storage_container: { kind: "bucket" },
  azurerm_key_vault: {
    kind: "vault",
    cloudGuard: (r) =>
      isTrue(r.values.purge_protection_enabled)
        ? pass()
        : fail("`purge_protection_enabled` is not true: a deleted vault can be purged at once"),
  },
  azurerm_key_vault_key: {
    kind: "key",
    alwaysProtected: true,
    cloudGuard: () => pass("covered by the vault's soft delete and purge protection"),
  },
  azurerm_key_vault_secret: { kind: "secret" },
  azurerm_recovery_services_vault: { kind: "vault", cloudGuard: azureLock },
  azurerm_dns_zone: { kind: "dns-zone", cloudGuard: azureLock },
  azurerm_private_dns_zone: { kind: "dns-zone", cloudGuard: azureLock },
  azurerm_managed_disk: { kind: "disk", cloudGuard: azureLock },
  azurerm_mysql_flexible_server: { kind: "database", gateOnly: true },
  azurerm_postgresql_flexible_server_database: { kind: "database", gateOnly: true },
  azurerm_mssql_database: { kind: "database", gateOnly: true },
  azurerm_cosmosdb_sql_database: { kind: "database", gateOnly: true },
  azurerm_storage_share: { kind: "file-system" },
  azurerm_log_analytics_workspace: { kind: "log" },
  azurerm_application_insights: { kind: "log" },
  azurerm_kubernetes_cluster: { kind: "cluster" },
  azurerm_redis_cache: { kind: "cache" },
  azurerm_container_registry: { kind: "registry" },
});

/** Kinds whose resources must carry both guards (the brief of Realmkit's constructs). */
export const PROTECTED_KINDS: ReadonlySet<StatefulKind> = new Set(["database", "key", "bucket", "vault", "dns-zone", "disk"]);

export function statefulType(type: string): StatefulType | undefined {
  return STATEFUL_TYPES[type];
}

/** Resource types the protection rules check. */
export const PROTECTED_TYPES: readonly string[] = Object.entries(STATEFUL_TYPES)
  .filter(([, t]) => PROTECTED_KINDS.has(t.kind) && !t.gateOnly)
  .map(([type]) => type)
  .sort();
