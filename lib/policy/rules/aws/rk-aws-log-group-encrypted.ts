import { defineResourceRule, fail, pass } from "../../types";
import { isSet } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-LOG-GROUP-ENCRYPTED",
  title: "CloudWatch log groups are encrypted with a customer-managed key",
  description: "Logs can hold personal data; the realm key keeps them under the realm's access policy.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_cloudwatch_log_group"],
  publicIds: { checkov: ["CKV_AWS_158"], trivy: ["AWS-0017"] },
  fix: "set `kms_key_id` to the realm key's ARN (the key policy must allow logs.<region>.amazonaws.com)",
  check(r) {
    return isSet(r.values.kms_key_id) ? pass() : fail("`kms_key_id` is not set");
  },
});
