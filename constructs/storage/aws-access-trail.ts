import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { AWS_PARTITION } from "../aws-partition";
import { AwsBucket } from "./aws-bucket";

export interface AwsAccessTrailProps {
  readonly realm: string;
  readonly accountId: string;
  readonly region: string;
  /** Globally unique suffix of the log bucket's name (the account id). */
  readonly uniqueSuffix: string;
  /** The realm key: encrypts the log files (the trail) and the log bucket. */
  readonly keyArn: string;
  /** ARNs of the buckets whose object reads and writes are logged. */
  readonly bucketArns: readonly string[];
  /** Days log files are kept; S3 expires them afterwards. */
  readonly retentionDays: number;
  readonly deletionProtection: boolean;
}

/**
 * Data-access logging for the realm's buckets: a single-region CloudTrail trail that records
 * every object read and write (S3 data events, no management events: the account's own trail
 * has those) into a log bucket in the realm's region, encrypted with the realm key, versioned,
 * TLS-only and expired after the retention period, with log-file integrity validation.
 * CloudTrail rather than S3 server access logs: those cannot be written to an SSE-KMS bucket.
 */
export class AwsAccessTrail extends Construct {
  readonly trailArn: string;
  readonly logBucketName: string;

  constructor(scope: Construct, id: string, props: AwsAccessTrailProps) {
    super(scope, id);
    const trailName = resourceName("aws", "default", props.realm, "data-access");
    // Known before the trail exists, so the bucket policy can name it without a cycle.
    const trailArn = `arn:${AWS_PARTITION}:cloudtrail:${props.region}:${props.accountId}:trail/${trailName}`;
    const sourceArn = { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] };
    const logs = new AwsBucket(this, "log-bucket", {
      bucketName: resourceName("aws", "bucket", props.realm, "access-logs", props.uniqueSuffix),
      keyArn: props.keyArn,
      deletionProtection: props.deletionProtection,
      noncurrentVersionExpirationDays: 30,
      abortIncompleteMultipartUploadDays: 7,
      expireObjectsAfterDays: props.retentionDays,
      extraStatements: (bucketArn) => [
        {
          sid: "CloudTrailReadsBucketAcl",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:GetBucketAcl"],
          resources: [bucketArn],
          condition: [sourceArn],
        },
        {
          sid: "CloudTrailWritesRealmLogs",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`${bucketArn}/AWSLogs/${props.accountId}/*`],
          condition: [sourceArn, { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] }],
        },
      ],
    });

    const trail = new Cloudtrail(this, "trail", {
      name: trailName,
      s3BucketName: logs.bucket.id,
      kmsKeyId: props.keyArn,
      enableLogFileValidation: true,
      enableLogging: true,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      eventSelector: [
        {
          readWriteType: "All",
          includeManagementEvents: false,
          // A trailing slash selects every object of the bucket.
          dataResource: [{ type: "AWS::S3::Object", values: props.bucketArns.map((arn) => `${arn}/`) }],
        },
      ],
      // CloudTrail checks at creation that it may write to the bucket.
      dependsOn: [logs.policy],
    });
    this.trailArn = trail.arn;
    this.logBucketName = logs.bucket.bucket;
  }
}
