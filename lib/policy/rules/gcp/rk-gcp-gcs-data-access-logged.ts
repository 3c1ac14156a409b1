import { defineResourceRule, fail, pass } from "../../types";
import { blocks, isSet } from "../../view/values";
import { gcpAuditLogRoute } from "../log-destinations";

export default defineResourceRule({
  id: "RK-GCP-GCS-DATA-ACCESS-LOGGED",
  title: "Reads and writes of GCS objects are logged",
  description:
    "Cloud Audit Logs record every object read and write (DATA_READ and DATA_WRITE for Cloud Storage), or the bucket writes usage logs, so auditors can say who touched which data.",
  severity: "medium",
  provider: "gcp",
  resourceTypes: ["google_storage_bucket"],
  publicIds: {
    checkov: ["CKV_GCP_62"],
    trivy: ["GCP-0077"],
    partial: {
      CKV_GCP_62: "bucket usage logging only; data-access audit logs also pass here",
      "GCP-0077": "bucket usage logging only; data-access audit logs also pass here",
    },
  },
  fix: 'add `google_project_iam_audit_config { service = "storage.googleapis.com" }` with `audit_log_config` DATA_READ and DATA_WRITE and a sink routing them to a regional `google_logging_project_bucket_config` with `retention_days` (constructs/observability/gcp-log-route.ts), or a `logging { log_bucket }` block',
  check(r, ctx) {
    if (blocks(r.values.logging).some((l) => isSet(l.log_bucket))) return pass("bucket usage logs");
    const logged = new Set<string>();
    for (const audit of ctx.stack.resources) {
      if (audit.type !== "google_project_iam_audit_config") continue;
      const service = String(audit.values.service ?? "");
      if (service !== "storage.googleapis.com" && service !== "allServices") continue;
      if (
        isSet(r.values.project) &&
        isSet(audit.values.project) &&
        audit.values.project !== r.values.project &&
        !String(r.values.project).includes("${")
      )
        continue;
      for (const c of blocks(audit.values.audit_log_config)) logged.add(String(c.log_type).toUpperCase());
    }
    const missing = ["DATA_READ", "DATA_WRITE"].filter((t) => !logged.has(t));
    if (missing.length > 0) return fail(`no ${missing.join(" or ")} audit logs for Cloud Storage and no bucket logging`);
    const problem = gcpAuditLogRoute(ctx.stack);
    return problem ? fail(problem) : pass("data-access audit logs routed to a retention-bound realm log bucket");
  },
});
