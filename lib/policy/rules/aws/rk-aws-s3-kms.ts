import { defineResourceRule, fail, pass } from "../../types";
import { blocks, dig, isSet } from "../../view/values";
import { bucketCompanions } from "../helpers";

const KMS = new Set(["aws:kms", "aws:kms:dsse"]);

export default defineResourceRule({
  id: "RK-AWS-S3-KMS",
  title: "S3 buckets encrypt with a customer-managed KMS key (SSE-KMS)",
  description: "Default encryption with the realm's KMS key makes reading objects depend on the key policy, not only on the bucket policy.",
  severity: "high",
  provider: "aws",
  resourceTypes: ["aws_s3_bucket"],
  publicIds: {
    checkov: ["CKV_AWS_145"],
    trivy: ["AWS-0132"],
    partial: { CKV_AWS_145: "passes aws:kms with the AWS-managed key; a customer-managed key is required here" },
  },
  fix: 'add an `aws_s3_bucket_server_side_encryption_configuration` with `sse_algorithm = "aws:kms"` and `kms_master_key_id` set to the realm key',
  check(r, ctx) {
    const configs = [
      ...bucketCompanions(ctx.stack, r, "aws_s3_bucket_server_side_encryption_configuration").map((c) => c.values),
      // The pre-v4 inline block is still accepted by provider 5.x.
      ...blocks(r.values.server_side_encryption_configuration),
    ];
    if (configs.length === 0) return fail("no server-side encryption configuration for this bucket");
    const defaults = configs.flatMap((c) => blocks(c.rule).map((rule) => dig(rule, "apply_server_side_encryption_by_default")));
    const ok = defaults.some((d) => KMS.has(String(dig(d, "sse_algorithm"))) && isSet(dig(d, "kms_master_key_id")));
    if (ok) return pass();
    const algorithm = defaults.map((d) => dig(d, "sse_algorithm")).find((a) => a !== undefined);
    return fail(
      KMS.has(String(algorithm))
        ? "SSE-KMS without `kms_master_key_id` uses the AWS-managed aws/s3 key"
        : `default encryption is ${String(algorithm ?? "not set")}, not aws:kms`,
    );
  },
});
