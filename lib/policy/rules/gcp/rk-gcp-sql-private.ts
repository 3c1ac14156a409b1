import { defineResourceRule, failIfAny } from "../../types";
import { dig, isFalse, isSet, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-SQL-PRIVATE",
  title: "Cloud SQL has no public IP and a private network",
  description: "The database is reached over the realm's VPC only (private services access).",
  severity: "critical",
  provider: "gcp",
  resourceTypes: ["google_sql_database_instance"],
  publicIds: {
    checkov: ["CKV_GCP_60", "CKV_GCP_11"],
    trivy: ["GCP-0017"],
    partial: {
      CKV_GCP_11: "authorized networks open to the world only; here no public IP at all",
      "GCP-0017": "a private network is also required here",
    },
  },
  fix: "set `settings.ip_configuration.ipv4_enabled = false` and `private_network` to the realm VPC",
  check(r) {
    const ip = dig(r.values, "settings", "ip_configuration");
    return failIfAny([
      // The provider default for ipv4_enabled is true.
      ...(isFalse(dig(ip, "ipv4_enabled"))
        ? []
        : [`\`settings.ip_configuration.ipv4_enabled\` is ${show(dig(ip, "ipv4_enabled"))} (the default is true)`]),
      ...(isSet(dig(ip, "private_network")) ? [] : ["`settings.ip_configuration.private_network` is not set"]),
    ]);
  },
});
