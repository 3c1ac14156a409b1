import type { ResourceView, StackView } from "../view/types";
import { asNumber, blocks, isSet, linked, refersTo } from "../view/values";
import { bucketCompanions } from "./helpers";

/**
 * Where data-access logs land, and whether that place keeps them for a bounded time: an audit
 * record nobody can say how long is kept is no record for an auditor, and one kept forever breaks
 * storage limitation. Encryption and region of the destination are judged by the rules of the
 * destination itself (S3 KMS, residency); these helpers find it and read its retention.
 */

/** An S3 log bucket of this stack that expires objects (an enabled lifecycle rule with `expiration.days`). */
export function s3LogRetention(stack: StackView, target: unknown): string | undefined {
  const buckets = linked(stack, target, ["aws_s3_bucket"], ["bucket", "id"]);
  if (buckets.length === 0) return `the log bucket ${String(target)} is not in this stack: its retention cannot be verified`;
  const bucket = buckets[0]!;
  const rules = [
    ...bucketCompanions(stack, bucket, "aws_s3_bucket_lifecycle_configuration").flatMap((l) => blocks(l.values.rule)),
    ...blocks(bucket.values.lifecycle_rule),
  ];
  const expires = rules.some(
    (r) =>
      String(r.status ?? (r.enabled === false ? "Disabled" : "Enabled")).toLowerCase() === "enabled" &&
      blocks(r.expiration).some((e) => (asNumber(e.days) ?? 0) > 0),
  );
  return expires
    ? undefined
    : `the log bucket ${bucket.address} never expires log objects (no enabled lifecycle rule with \`expiration.days\`)`;
}

/** A Cloud Logging sink routing data-access audit logs into a log bucket of this stack with `retention_days`. */
export function gcpAuditLogRoute(stack: StackView): string | undefined {
  const sinks = stack.resources.filter(
    (s) => s.type === "google_logging_project_sink" && /data_access/.test(String(s.values.filter ?? "")),
  );
  if (sinks.length === 0)
    return "the data-access audit logs stay in the project's _Default bucket (global, 30 days): no sink routes them to a realm log bucket";
  const bounded = sinks.some((s) =>
    stack.resources.some(
      (b) =>
        b.type === "google_logging_project_bucket_config" &&
        refersTo(s.values.destination, b.address) &&
        (asNumber(b.values.retention_days) ?? 0) > 0,
    ),
  );
  return bounded ? undefined : "the sink of the data-access audit logs writes to no log bucket of this stack with `retention_days`";
}

/** A diagnostic setting's destination, and the retention of a Log Analytics workspace of this stack. */
export function azureDiagnosticsDestination(stack: StackView, setting: ResourceView): string | undefined {
  const v = setting.values;
  const workspace = v.log_analytics_workspace_id;
  if (!isSet(workspace) && !isSet(v.storage_account_id) && !isSet(v.eventhub_authorization_rule_id))
    return `${setting.address} sends the logs nowhere`;
  if (!isSet(workspace)) return undefined;
  const found = linked(stack, workspace, ["azurerm_log_analytics_workspace"], ["id"]);
  if (found.length === 0) return undefined; // a shared workspace outside the realm stack keeps its own retention
  return (asNumber(found[0]!.values.retention_in_days) ?? 0) > 0
    ? undefined
    : `the workspace ${found[0]!.address} sets no \`retention_in_days\``;
}
