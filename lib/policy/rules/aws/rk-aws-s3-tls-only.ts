import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { bucketCompanions, policyStatements, type Statement } from "../helpers";

const deniesPlainHttp = (s: Statement): boolean =>
  s.effect.toLowerCase() === "deny" &&
  s.actions.some((a) => a === "s3:*" || a === "*") &&
  s.principals.includes("*") &&
  s.conditions.includes("bool|aws:securetransport|false");

export default defineResourceRule({
  id: "RK-AWS-S3-TLS-ONLY",
  title: "S3 bucket policies deny requests without TLS",
  description:
    "A Deny on `aws:SecureTransport = false` for every principal and action refuses plain-HTTP requests to the bucket and its objects.",
  severity: "high",
  provider: "aws",
  resourceTypes: ["aws_s3_bucket"],
  publicIds: { checkov: ["CKV_AWS_379"] },
  fix: "attach an `aws_s3_bucket_policy` with a statement: Effect Deny, Principal *, Action s3:*, Condition Bool aws:SecureTransport = false",
  check(r, ctx) {
    const policies = bucketCompanions(ctx.stack, r, "aws_s3_bucket_policy");
    if (policies.length === 0) return fail("no `aws_s3_bucket_policy` for this bucket");
    const statements = policies.map((p) => policyStatements(p.values.policy, ctx.stack));
    if (statements.some((s) => s?.some(deniesPlainHttp))) return pass();
    if (statements.every((s) => s === undefined)) {
      return ctx.stack.format === "plan"
        ? notApplicable("the bucket policy is known only after apply in this plan; check the cdk.tf.json")
        : fail("the bucket policy is an expression the checker cannot read; use aws_iam_policy_document or literal JSON");
    }
    return fail("the bucket policy has no Deny statement for `aws:SecureTransport = false`");
  },
});
