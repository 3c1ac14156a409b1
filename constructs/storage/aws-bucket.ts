import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";

export interface AwsBucketProps {
  /** Globally unique bucket name (from `resourceName`). */
  readonly bucketName: string;
  readonly keyArn: string;
  /** `prevent_destroy`; `force_destroy` is always false, so a non-empty bucket is never deleted. */
  readonly deletionProtection: boolean;
  /** Days an overwritten or deleted object version stays recoverable. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days before the parts of an unfinished multipart upload are removed. */
  readonly abortIncompleteMultipartUploadDays: number;
  /** Days after which current objects expire (log buckets: the retention period). @default objects never expire */
  readonly expireObjectsAfterDays?: number;
  /** More bucket policy statements (a log bucket admits its delivery service). The bucket ARN is passed in. @default none */
  readonly extraStatements?: (bucketArn: string) => DataAwsIamPolicyDocumentStatement[];
}

/**
 * One S3 bucket the way every realm bucket must be: private (all public access blocked, ACLs
 * disabled), SSE-KMS with the realm key, versioned, reachable only over TLS 1.2+, with old
 * versions and abandoned uploads cleaned up.
 */
export class AwsBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket policy (TLS only, plus the extra statements). */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AwsBucketProps) {
    super(scope, id);
    const bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
    });
    this.bucket = bucket;

    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, "ownership", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });

    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.keyArn },
          // One data key per bucket instead of per object: fewer KMS calls, lower cost.
          bucketKeyEnabled: true,
        },
      ],
    });

    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });

    const tlsOnly = new DataAwsIamPolicyDocument(this, "tls-only", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [bucket.arn, `${bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        {
          sid: "DenyOutdatedTls",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [bucket.arn, `${bucket.arn}/*`],
          condition: [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }],
        },
        ...(props.extraStatements?.(bucket.arn) ?? []),
      ],
    });
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: bucket.id,
      policy: tlsOnly.json,
      // S3 rejects concurrent configuration changes on one bucket; policy after access block.
      dependsOn: [publicAccess],
    });

    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
          // Once every old version has expired, the lone delete marker is removed as well; a log
          // bucket also expires current objects at the end of their retention.
          expiration: [props.expireObjectsAfterDays ? { days: props.expireObjectsAfterDays } : { expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteMultipartUploadDays }],
        },
      ],
      // Lifecycle rules on noncurrent versions need versioning to be on first.
      dependsOn: [versioning],
    });
  }
}
