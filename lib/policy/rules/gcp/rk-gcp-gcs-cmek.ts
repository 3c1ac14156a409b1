import { defineResourceRule, fail, pass } from "../../types";
import { dig, isSet } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-GCS-CMEK",
  title: "Cloud Storage buckets encrypt with a customer-managed key",
  description: "New objects are encrypted with the realm's Cloud KMS key by default.",
  severity: "high",
  provider: "gcp",
  resourceTypes: ["google_storage_bucket"],
  publicIds: { trivy: ["GCP-0066"] },
  fix: "set `encryption { default_kms_key_name = <realm crypto key> }`",
  check(r) {
    return isSet(dig(r.values, "encryption", "default_kms_key_name")) ? pass() : fail("`encryption.default_kms_key_name` is not set");
  },
});
