import { defineResourceRule, failIfAny, notApplicable } from "../../types";
import { dig, isSet, isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-SQL-BACKUP",
  title: "Cloud SQL takes automated backups with point-in-time recovery",
  description: "Backups plus write-ahead log retention let a realm restore to any moment in the retention window.",
  severity: "medium",
  provider: "gcp",
  resourceTypes: ["google_sql_database_instance"],
  publicIds: {
    checkov: ["CKV_GCP_14"],
    trivy: ["GCP-0024"],
    partial: {
      CKV_GCP_14: "backups only; point-in-time recovery is required here too",
      "GCP-0024": "backups only; point-in-time recovery is required here too",
    },
  },
  fix: "set `settings.backup_configuration { enabled = true, point_in_time_recovery_enabled = true }`",
  check(r) {
    // Cloud SQL takes no backups of read replicas and refuses the setting on them.
    if (isSet(r.values.master_instance_name) || String(r.values.instance_type ?? "").toUpperCase() === "READ_REPLICA_INSTANCE") {
      return notApplicable("read replica: Cloud SQL backs up the primary only");
    }
    const backup = dig(r.values, "settings", "backup_configuration");
    return failIfAny([
      ...(isTrue(dig(backup, "enabled")) ? [] : ["`settings.backup_configuration.enabled` is not true"]),
      ...(isTrue(dig(backup, "point_in_time_recovery_enabled"))
        ? []
        : ["`settings.backup_configuration.point_in_time_recovery_enabled` is not true"]),
    ]);
  },
});
