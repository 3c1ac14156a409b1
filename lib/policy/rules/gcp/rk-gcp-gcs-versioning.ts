import { defineResourceRule, fail, pass } from "../../types";
import { dig, isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-GCS-VERSIONING",
  title: "Cloud Storage buckets keep object versions",
  description: "Versioning keeps overwritten and deleted objects recoverable.",
  severity: "medium",
  provider: "gcp",
  resourceTypes: ["google_storage_bucket"],
  publicIds: { checkov: ["CKV_GCP_78"], trivy: ["GCP-0078"] },
  fix: "set `versioning { enabled = true }`",
  check(r) {
    return isTrue(dig(r.values, "versioning", "enabled")) ? pass() : fail("`versioning.enabled` is not true");
  },
});
