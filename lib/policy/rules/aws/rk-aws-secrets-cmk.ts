import { defineResourceRule, fail, pass } from "../../types";
import { isSet } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-SECRETS-CMK",
  title: "Secrets Manager secrets are encrypted with a customer-managed key",
  description: "With the realm's key, reading a secret needs both the secret policy and the key policy.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_secretsmanager_secret"],
  publicIds: { checkov: ["CKV_AWS_149"], trivy: ["AWS-0098"] },
  fix: "set `kms_key_id` to the realm key's ARN",
  check(r) {
    const kms = r.values.kms_key_id;
    if (!isSet(kms)) return fail("`kms_key_id` is not set (the AWS-managed aws/secretsmanager key would be used)");
    return typeof kms === "string" && kms.includes("alias/aws/") ? fail(`\`kms_key_id\` is the AWS-managed key ${kms}`) : pass();
  },
});
