import { defineResourceRule, failIfAny } from "../../types";
import { isSet, isTrue, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-DB-ENCRYPTED",
  title: "RDS storage is encrypted with a customer-managed KMS key",
  description:
    "Data at rest in RDS must be encrypted with the realm's own key, so access to the data follows access to the key and the key can be revoked.",
  severity: "high",
  provider: "aws",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  publicIds: {
    checkov: ["CKV_AWS_16"],
    trivy: ["AWS-0080", "AWS-0079"],
    partial: {
      CKV_AWS_16: "checks `storage_encrypted` only; a customer-managed key is required here too",
      "AWS-0080": "checks instance storage encryption only; a customer-managed key is required here too",
    },
  },
  fix: "set `storage_encrypted = true` and `kms_key_id` to the realm key's ARN (constructs/database/aws.ts does; look for an override)",
  check(r) {
    // A read replica inherits the encryption of its source and may not set it itself.
    if (isSet(r.values.replicate_source_db))
      return { status: "not-applicable", reason: "read replica: encryption follows the source instance" };
    const kms = r.values.kms_key_id;
    return failIfAny([
      ...(isTrue(r.values.storage_encrypted) ? [] : [`\`storage_encrypted\` is ${show(r.values.storage_encrypted)}`]),
      ...(!isSet(kms) ? ["`kms_key_id` is not set (the AWS-managed aws/rds key would be used)"] : []),
      ...(typeof kms === "string" && kms.includes("alias/aws/") ? [`\`kms_key_id\` is the AWS-managed key ${kms}`] : []),
    ]);
  },
});
