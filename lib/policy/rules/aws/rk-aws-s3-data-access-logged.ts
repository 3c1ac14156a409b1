import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { asStringList, blocks, refersTo } from "../../view/values";
import { bucketCompanions } from "../helpers";
import { s3LogRetention } from "../log-destinations";

/** Whether a data-event selector value covers the bucket: its own ARN prefix, or every bucket. */
function covers(value: string, address: string, name: unknown): boolean {
  if (value === "arn:aws:s3" || value === "arn:aws:s3:::" || value === "arn:aws:s3:::*/") return true;
  if (refersTo(value, address)) return true;
  return typeof name === "string" && (value === `arn:aws:s3:::${name}/` || value.startsWith(`arn:aws:s3:::${name}/`));
}

export default defineResourceRule({
  id: "RK-AWS-S3-DATA-ACCESS-LOGGED",
  title: "Reads and writes of S3 objects are logged",
  description:
    "Every object read and write of a realm bucket is recorded, by CloudTrail S3 data events or S3 server access logging, in a log bucket of the stack that expires the records after a retention period, so auditors can say who touched which data.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_s3_bucket"],
  publicIds: {
    checkov: ["CKV_AWS_18"],
    trivy: ["AWS-0089", "AWS-0171", "AWS-0172"],
    partial: {
      CKV_AWS_18: "server access logging only; CloudTrail data events also pass here",
      "AWS-0089": "server access logging only; CloudTrail data events also pass here",
      "AWS-0171": "CloudTrail write data events only; reads and server access logging count here",
      "AWS-0172": "CloudTrail read data events only; writes and server access logging count here",
    },
  },
  fix: 'add the bucket\'s ARN (`<arn>/`) to a CloudTrail `event_selector { data_resource { type = "AWS::S3::Object" } }` (constructs/storage/aws-access-trail.ts), or an `aws_s3_bucket_logging` for it; the log bucket needs a lifecycle rule that expires objects',
  check(r, ctx) {
    const trails = ctx.stack.resources.filter((t) => t.type === "aws_cloudtrail");
    // The trail's own log bucket is the audit record: logging its reads to itself would loop.
    if (trails.some((t) => refersTo(t.values.s3_bucket_name, r.address) || t.values.s3_bucket_name === r.values.bucket)) {
      return notApplicable("the bucket holds a trail's logs");
    }
    const loggingTargets = ctx.stack.resources.filter(
      (l) =>
        l.type === "aws_s3_bucket_logging" && (refersTo(l.values.target_bucket, r.address) || l.values.target_bucket === r.values.bucket),
    );
    if (loggingTargets.length > 0) return notApplicable("the bucket receives server access logs");
    const logging = [...bucketCompanions(ctx.stack, r, "aws_s3_bucket_logging").map((l) => l.values), ...blocks(r.values.logging)].find(
      (l) => l.target_bucket !== undefined,
    );
    if (logging) {
      const problem = s3LogRetention(ctx.stack, logging.target_bucket);
      return problem ? fail(`server access logging: ${problem}`) : pass("server access logging to a retention-bound bucket");
    }
    for (const trail of trails) {
      if (trail.values.enable_logging === false || trail.values.enable_logging === "false") continue;
      for (const selector of blocks(trail.values.event_selector)) {
        const type = String(selector.read_write_type ?? "All").toLowerCase();
        for (const res of blocks(selector.data_resource)) {
          if (res.type !== "AWS::S3::Object") continue;
          if (asStringList(res.values).some((v) => covers(v, r.address, r.values.bucket))) {
            if (type !== "all") return fail(`${trail.address} logs only ${type} data events of the bucket`);
            const problem = s3LogRetention(ctx.stack, trail.values.s3_bucket_name);
            return problem ? fail(`data events of ${trail.address}: ${problem}`) : pass(`data events of ${trail.address}`);
          }
        }
      }
    }
    return fail("no CloudTrail S3 data events and no server access logging cover the bucket");
  },
});
