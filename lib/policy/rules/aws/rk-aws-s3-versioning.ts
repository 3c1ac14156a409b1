import { defineResourceRule, fail, pass } from "../../types";
import { block, blocks, dig, isTrue } from "../../view/values";
import { bucketCompanions } from "../helpers";

export default defineResourceRule({
  id: "RK-AWS-S3-VERSIONING",
  title: "S3 buckets keep object versions",
  description: "Versioning keeps overwritten and deleted objects recoverable.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_s3_bucket"],
  publicIds: { checkov: ["CKV_AWS_21"], trivy: ["AWS-0090"] },
  fix: 'add an `aws_s3_bucket_versioning` for the bucket with `versioning_configuration { status = "Enabled" }`',
  check(r, ctx) {
    const companions = bucketCompanions(ctx.stack, r, "aws_s3_bucket_versioning");
    if (companions.some((v) => dig(v.values, "versioning_configuration", "status") === "Enabled")) return pass();
    if (blocks(r.values.versioning).some((v) => isTrue(v.enabled))) return pass("inline versioning block");
    if (companions.length === 0) return fail("no `aws_s3_bucket_versioning` for this bucket");
    return fail(`versioning status is ${String(block(companions[0]!.values, "versioning_configuration").status ?? "not set")}`);
  },
});
