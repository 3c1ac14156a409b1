import { defineResourceRule, fail, pass } from "../../types";
import { isSet } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-SQL-CMEK",
  title: "Cloud SQL is encrypted with a customer-managed key",
  description: "CMEK puts the database's data under the realm's Cloud KMS key.",
  severity: "high",
  provider: "gcp",
  resourceTypes: ["google_sql_database_instance"],
  publicIds: {},
  fix: "set `encryption_key_name` to the realm's crypto key",
  check(r) {
    return isSet(r.values.encryption_key_name) ? pass() : fail("`encryption_key_name` is not set (Google-managed encryption)");
  },
});
