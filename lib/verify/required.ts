import { dict } from "../config/dict";
/**
 * Arguments and blocks that must be present and non-empty, per resource type, for the types
 * Realmkit emits; what the provider schemas mark Required, written down because the google
 * and azurerm schemas are not available offline. Path syntax:
 *
 * - `a.b.c`: every segment must be present and non-empty; where a value is a list of blocks,
 *   the rest of the path applies to each of them.
 * - `a?.b`: `a` may be absent, but when present `b` must be set inside it.
 * - `allow|deny`: at least one of the alternatives is set.
 *
 * Keep this table small and certain: an entry that is wrong fails every stack using the type.
 */
export const REQUIRED_ARGUMENTS: Readonly<Record<string, readonly string[]>> = dict({
  // google
  google_compute_network: ["name"],
  google_compute_subnetwork: ["name", "network", "ip_cidr_range", "secondary_ip_range?.range_name"],
  google_compute_router: ["name", "network"],
  google_compute_router_nat: [
    "name",
    "router",
    "source_subnetwork_ip_ranges_to_nat",
    "subnetwork?.name",
    "subnetwork?.source_ip_ranges_to_nat",
  ],
  google_compute_global_address: ["name"],
  google_compute_firewall: ["name", "network", "allow|deny", "allow?.protocol", "deny?.protocol"],
  google_service_networking_connection: ["network", "service", "reserved_peering_ranges"],
  google_kms_key_ring: ["name", "location"],
  google_kms_crypto_key: ["name", "key_ring"],
  google_kms_crypto_key_iam_member: ["crypto_key_id", "role", "member"],
  google_sql_database_instance: [
    "database_version",
    "settings.tier",
    "settings.backup_configuration?.backup_retention_settings?.retained_backups",
  ],
  google_container_cluster: [
    "name",
    "database_encryption?.state",
    "release_channel?.channel",
    "master_authorized_networks_config?.cidr_blocks?.cidr_block",
  ],
  google_container_node_pool: ["cluster", "node_config?.workload_metadata_config?.mode"],
  google_service_account: ["account_id"],
  google_project_iam_member: ["project", "role", "member"],
  google_storage_bucket: ["name", "location", "encryption?.default_kms_key_name", "versioning?.enabled"],
  google_secret_manager_secret: ["secret_id", "replication", "replication.user_managed?.replicas.location"],
  google_dns_managed_zone: ["name", "dns_name", "private_visibility_config?.networks?.network_url"],
  google_dns_record_set: ["name", "type", "managed_zone"],
  google_monitoring_notification_channel: ["type"],
  google_monitoring_alert_policy: ["display_name", "combiner", "conditions", "conditions.display_name"],
  google_logging_project_bucket_config: ["project", "location", "bucket_id"],
  google_logging_project_sink: ["name", "destination"],
  // aws
  aws_subnet: ["vpc_id"],
  aws_route: ["route_table_id"],
  aws_route_table: ["vpc_id"],
  aws_route_table_association: ["route_table_id"],
  aws_nat_gateway: ["subnet_id"],
  aws_kms_alias: ["target_key_id"],
  aws_iam_role: ["assume_role_policy"],
  aws_iam_role_policy: ["role", "policy"],
  aws_iam_role_policy_attachment: ["role", "policy_arn"],
  aws_db_instance: ["instance_class"],
  aws_db_subnet_group: ["subnet_ids"],
  aws_db_parameter_group: ["family"],
  aws_eks_cluster: ["name", "role_arn", "vpc_config.subnet_ids"],
  aws_eks_node_group: ["cluster_name", "node_role_arn", "subnet_ids", "scaling_config.desired_size", "scaling_config.max_size"],
  aws_s3_bucket_versioning: ["bucket", "versioning_configuration.status"],
  aws_s3_bucket_server_side_encryption_configuration: ["bucket", "rule", "rule.apply_server_side_encryption_by_default?.sse_algorithm"],
  aws_route53_zone: ["name"],
  aws_route53_record: ["zone_id", "name", "type"],
  aws_cloudwatch_metric_alarm: ["alarm_name", "comparison_operator", "evaluation_periods"],
  aws_sns_topic_subscription: ["topic_arn", "protocol", "endpoint"],
  // azurerm
  azurerm_resource_group: ["name", "location"],
  azurerm_virtual_network: ["name", "location", "resource_group_name"],
  azurerm_subnet: ["name", "resource_group_name", "virtual_network_name"],
  azurerm_network_security_group: ["name", "location", "resource_group_name"],
  azurerm_key_vault: ["name", "location", "resource_group_name", "tenant_id", "sku_name"],
  azurerm_storage_account: ["name", "resource_group_name", "location", "account_tier", "account_replication_type"],
  azurerm_kubernetes_cluster: ["name", "location", "resource_group_name", "default_node_pool.name"],
  azurerm_private_dns_zone: ["name", "resource_group_name"],
  azurerm_log_analytics_workspace: ["name", "location", "resource_group_name"],
  azurerm_monitor_action_group: ["name", "resource_group_name", "short_name"],
});

/** Blocks a provider configuration must contain, even if empty (`features {}` of azurerm). */
export const REQUIRED_PROVIDER_BLOCKS: Readonly<Record<string, readonly string[]>> = dict({
  azurerm: ["features"],
});

/** Local names of providers built into Terraform: they need no configuration. */
export const BUILTIN_PROVIDERS: ReadonlySet<string> = new Set(["terraform"]);

/**
 * Cloud-side names that must be unique among resources of a type within one stack: the name
 * argument, then the arguments that scope it (two node pools may share a name in different
 * clusters). Two resources with the same literal name plan fine and fail at apply time.
 */
export const UNIQUE_NAMES: Readonly<Record<string, readonly string[]>> = dict({
  google_compute_network: ["name"],
  google_compute_subnetwork: ["name", "region"],
  google_compute_router: ["name", "region"],
  google_compute_firewall: ["name"],
  google_compute_global_address: ["name"],
  google_kms_key_ring: ["name", "location"],
  google_kms_crypto_key: ["name", "key_ring"],
  google_sql_database_instance: ["name"],
  google_container_cluster: ["name", "location"],
  google_container_node_pool: ["name", "cluster"],
  google_service_account: ["account_id"],
  google_storage_bucket: ["name"],
  google_secret_manager_secret: ["secret_id"],
  google_dns_managed_zone: ["name"],
  google_logging_project_bucket_config: ["bucket_id", "location"],
  google_logging_project_sink: ["name"],
  aws_s3_bucket: ["bucket"],
  aws_iam_role: ["name"],
  aws_db_instance: ["identifier"],
  aws_secretsmanager_secret: ["name"],
  aws_security_group: ["name", "vpc_id"],
  aws_eks_cluster: ["name"],
});

/**
 * Blocks that may legitimately be empty inside a list of blocks (paths without indices).
 * Everything else that is an empty element of a block list is reported.
 */
export const EMPTY_BLOCKS_ALLOWED: Readonly<Record<string, readonly string[]>> = dict({
  // An empty filter selects every object; the aws provider 5.x wants the block present.
  aws_s3_bucket_lifecycle_configuration: ["rule.filter"],
  // A PagerDuty service-integration destination has no property, but the newrelic provider
  // requires the block: New Relic's documented form is one with an empty key and value.
  newrelic_notification_destination: ["property"],
});
