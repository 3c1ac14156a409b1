/**
 * What a planned change does to the running realm, said before it happens: nothing a user
 * notices, a restart (a database class change, a node pool roll), or the replacement of a
 * resource that serves traffic or holds data. Read from the plan JSON's actions and, for
 * in-place updates, from which attributes change, against the table below.
 */
import type { PlanResourceChange } from "./plan-json";

export type ChangeEffect = "none" | "restart" | "replace";

export interface ClassifiedChange {
  readonly address: string;
  readonly type: string;
  readonly effect: ChangeEffect;
  /** Why, in words for the approver: the attributes that restart it, or "replaced". */
  readonly reason: string;
}

export interface ChangeEffects {
  readonly none: number;
  readonly restart: number;
  readonly replace: number;
  /** Only the changes that interrupt (restart or replace), for the summary lines. */
  readonly interrupting: readonly ClassifiedChange[];
}

/**
 * Resource types that serve traffic or hold data: replacing (or deleting) one is downtime or
 * data loss for the realm, not a detail. Other replacements (a policy, a key alias, a random
 * id) interrupt nothing the realm's users see.
 */
export const SERVING_TYPES: ReadonlySet<string> = new Set([
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_rds_cluster_instance",
  "aws_eks_cluster",
  "aws_eks_node_group",
  "aws_lb",
  "aws_elasticache_replication_group",
  "aws_s3_bucket",
  "google_sql_database_instance",
  "google_container_cluster",
  "google_container_node_pool",
  "google_compute_global_forwarding_rule",
  "google_storage_bucket",
  "azurerm_postgresql_flexible_server",
  "azurerm_kubernetes_cluster",
  "azurerm_kubernetes_cluster_node_pool",
  "azurerm_application_gateway",
  "azurerm_storage_account",
]);

/**
 * In-place updates that restart the resource (a database reboot or failover, nodes drained and
 * recreated), by resource type: attribute paths as in the plan JSON, nested blocks by name
 * (`settings.tier` matches `settings[0].tier`). From the providers' documentation of which
 * modifications need a reboot or a node rotation; anything else updates in place.
 */
export const RESTART_ATTRIBUTES: ReadonlyMap<string, readonly string[]> = new Map([
  [
    "aws_db_instance",
    ["instance_class", "engine_version", "parameter_group_name", "ca_cert_identifier", "option_group_name", "storage_type", "network_type"],
  ],
  ["aws_rds_cluster", ["engine_version", "db_cluster_instance_class", "db_cluster_parameter_group_name"]],
  ["aws_rds_cluster_instance", ["instance_class", "engine_version", "db_parameter_group_name", "ca_cert_identifier"]],
  ["aws_eks_cluster", ["version"]],
  ["aws_eks_node_group", ["version", "release_version", "launch_template", "ami_type", "labels", "taint"]],
  ["aws_elasticache_replication_group", ["node_type", "engine_version", "parameter_group_name"]],
  [
    "google_sql_database_instance",
    ["database_version", "settings.tier", "settings.database_flags", "settings.edition", "settings.data_cache_config"],
  ],
  ["google_container_cluster", ["min_master_version", "node_version"]],
  ["google_container_node_pool", ["version", "node_config", "node_locations"]],
  ["azurerm_postgresql_flexible_server", ["sku_name", "version", "high_availability"]],
  [
    "azurerm_kubernetes_cluster",
    ["kubernetes_version", "default_node_pool.vm_size", "default_node_pool.orchestrator_version", "default_node_pool.os_sku"],
  ],
  ["azurerm_kubernetes_cluster_node_pool", ["orchestrator_version", "vm_size", "os_sku", "node_labels", "node_taints"]],
]);

/** Deep equality of plain JSON values (plan JSON holds nothing else). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b as object, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The value at a dotted path, looking through the one-element lists terraform uses for blocks. */
function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    while (Array.isArray(v)) v = v.length === 1 ? v[0] : v.map((x) => at(x, [key]));
    if (Array.isArray(v)) return v;
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Whether the attribute at `path` changes: a different value, or one known only after apply. */
function changes(rc: PlanResourceChange, path: string): boolean {
  const keys = path.split(".");
  const unknown = at(rc.change.after_unknown, keys);
  if (unknown === true || (unknown !== undefined && unknown !== false && JSON.stringify(unknown).includes("true"))) return true;
  return !same(at(rc.change.before, keys), at(rc.change.after, keys));
}

/** The effect of one managed resource change on the running realm. */
export function classifyChange(rc: PlanResourceChange): ClassifiedChange {
  const actions = rc.change.actions;
  const base = { address: rc.address, type: rc.type };
  const serving = SERVING_TYPES.has(rc.type);
  if (actions.includes("delete")) {
    const replaced = actions.includes("create");
    if (serving) return { ...base, effect: "replace", reason: replaced ? "replaced: a new resource takes its place" : "deleted" };
    return { ...base, effect: "none", reason: replaced ? "replaced (serves no traffic)" : "deleted (serves no traffic)" };
  }
  if (actions.includes("update")) {
    const restarting = (RESTART_ATTRIBUTES.get(rc.type) ?? []).filter((path) => changes(rc, path));
    if (restarting.length > 0) return { ...base, effect: "restart", reason: `restarts: ${restarting.join(", ")} change` };
    return { ...base, effect: "none", reason: "updated in place" };
  }
  return { ...base, effect: "none", reason: actions.includes("create") ? "created" : "unchanged" };
}

/** Every managed change of a plan, counted by effect; no-ops and reads are not changes. */
export function classifyChanges(changes: readonly PlanResourceChange[]): ChangeEffects {
  const counts = { none: 0, restart: 0, replace: 0 };
  const interrupting: ClassifiedChange[] = [];
  for (const rc of changes) {
    if (rc.mode !== "managed") continue;
    const a = rc.change.actions;
    if (a.length === 0 || (a.length === 1 && (a[0] === "no-op" || a[0] === "read"))) continue;
    const c = classifyChange(rc);
    counts[c.effect]++;
    if (c.effect !== "none") interrupting.push(c);
  }
  interrupting.sort((x, y) => (x.effect === y.effect ? x.address.localeCompare(y.address) : x.effect === "replace" ? -1 : 1));
  return { ...counts, interrupting };
}

/** One cell for tables: `2 restart, 1 replace`, or `no interruption`. */
export function effectLine(e: ChangeEffects | undefined): string {
  if (!e) return "-";
  const parts = [e.replace ? `${e.replace} replace` : "", e.restart ? `${e.restart} restart` : ""].filter(Boolean);
  return parts.length ? parts.join(", ") : "no interruption";
}
