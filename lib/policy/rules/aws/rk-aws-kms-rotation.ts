import { defineResourceRule, failIfAny, notApplicable } from "../../types";
import { asNumber, isTrue, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-KMS-ROTATION",
  title: "KMS keys rotate automatically, at least yearly",
  description: "Automatic rotation limits how much data one key version protects.",
  severity: "high",
  provider: "aws",
  resourceTypes: ["aws_kms_key"],
  publicIds: { checkov: ["CKV_AWS_7"], trivy: ["AWS-0065"] },
  fix: "set `enable_key_rotation = true` (and `rotation_period_in_days` at most 365 if set)",
  check(r) {
    const spec = r.values.customer_master_key_spec;
    if (spec !== undefined && spec !== null && spec !== "SYMMETRIC_DEFAULT")
      return notApplicable(`${String(spec)} keys cannot rotate automatically`);
    const period = asNumber(r.values.rotation_period_in_days);
    return failIfAny([
      ...(isTrue(r.values.enable_key_rotation) ? [] : [`\`enable_key_rotation\` is ${show(r.values.enable_key_rotation)}`]),
      ...(period !== undefined && period > 365 ? [`\`rotation_period_in_days\` is ${period}, more than a year`] : []),
    ]);
  },
});
