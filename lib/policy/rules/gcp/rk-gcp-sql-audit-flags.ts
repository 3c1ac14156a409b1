import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { blocks, dig } from "../../view/values";

const FLAGS = ["log_connections", "log_disconnections"];

export default defineResourceRule({
  id: "RK-GCP-SQL-AUDIT-FLAGS",
  title: "Cloud SQL PostgreSQL logs connections and disconnections",
  description: "Connection logs record who reached the database and when.",
  severity: "medium",
  provider: "gcp",
  resourceTypes: ["google_sql_database_instance"],
  publicIds: { checkov: ["CKV_GCP_52", "CKV_GCP_53"], trivy: ["GCP-0016", "GCP-0022"] },
  fix: "add `settings.database_flags` log_connections = on and log_disconnections = on",
  check(r) {
    if (!String(r.values.database_version ?? "").startsWith("POSTGRES"))
      return notApplicable(`database_version ${String(r.values.database_version)} is not PostgreSQL`);
    const flags = blocks(dig(r.values, "settings", "database_flags"));
    const missing = FLAGS.filter((f) => !flags.some((x) => x.name === f && String(x.value).toLowerCase() === "on"));
    return missing.length ? fail(`database flag(s) ${missing.join(", ")} not set to on`) : pass();
  },
});
