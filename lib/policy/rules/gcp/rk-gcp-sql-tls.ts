import { defineResourceRule, fail, pass } from "../../types";
import { dig, show } from "../../view/values";

const STRICT = new Set(["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"]);

export default defineResourceRule({
  id: "RK-GCP-SQL-TLS",
  title: "Cloud SQL accepts encrypted connections only",
  description: "`ssl_mode` ENCRYPTED_ONLY (or client certificates) refuses plain-text connections.",
  severity: "high",
  provider: "gcp",
  resourceTypes: ["google_sql_database_instance"],
  publicIds: { checkov: ["CKV_GCP_6"], trivy: ["GCP-0015"] },
  fix: 'set `settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY"`',
  check(r) {
    const mode = dig(r.values, "settings", "ip_configuration", "ssl_mode");
    return STRICT.has(String(mode)) ? pass() : fail(`\`settings.ip_configuration.ssl_mode\` is ${show(mode)}`);
  },
});
