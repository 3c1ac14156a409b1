import { defineResourceRule, failIfAny } from "../../types";
import { isTrue, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-GCS-NOT-PUBLIC",
  title: "Cloud Storage buckets enforce public access prevention and uniform access",
  description: "No ACL or IAM grant can make the bucket or its objects public.",
  severity: "critical",
  provider: "gcp",
  resourceTypes: ["google_storage_bucket"],
  publicIds: { checkov: ["CKV_GCP_114", "CKV_GCP_29"], trivy: ["GCP-0002"] },
  fix: 'set `public_access_prevention = "enforced"` and `uniform_bucket_level_access = true`',
  check(r) {
    return failIfAny([
      ...(r.values.public_access_prevention === "enforced"
        ? []
        : [`\`public_access_prevention\` is ${show(r.values.public_access_prevention)}`]),
      ...(isTrue(r.values.uniform_bucket_level_access)
        ? []
        : [`\`uniform_bucket_level_access\` is ${show(r.values.uniform_bucket_level_access)}`]),
    ]);
  },
});
