import { defineResourceRule, fail, pass } from "../../types";
import { isTrue } from "../../view/values";
import { bucketCompanions } from "../helpers";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export default defineResourceRule({
  id: "RK-AWS-S3-PUBLIC-ACCESS-BLOCKED",
  title: "S3 buckets block every form of public access",
  description: "An `aws_s3_bucket_public_access_block` with all four flags keeps ACLs and bucket policies from ever making objects public.",
  severity: "critical",
  provider: "aws",
  resourceTypes: ["aws_s3_bucket"],
  publicIds: {
    checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    trivy: ["AWS-0086", "AWS-0087", "AWS-0091", "AWS-0093", "AWS-0094"],
  },
  fix: "add an `aws_s3_bucket_public_access_block` for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true",
  check(r, ctx) {
    const account = ctx.stack.resources.filter(
      (a) => a.type === "aws_s3_account_public_access_block" && FLAGS.every((f) => isTrue(a.values[f])),
    );
    if (account.length > 0) return pass(`blocked account-wide by ${account[0]!.address}`);
    const blocks = bucketCompanions(ctx.stack, r, "aws_s3_bucket_public_access_block");
    if (blocks.length === 0) return fail("no `aws_s3_bucket_public_access_block` for this bucket");
    const off = FLAGS.filter((f) => !blocks.some((b) => isTrue(b.values[f])));
    return off.length ? fail(`${blocks[0]!.address} leaves ${off.join(", ")} off`) : pass();
  },
});
