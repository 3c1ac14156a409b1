import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import type { StorageProps } from "./index";
import { AwsAccessTrail } from "./aws-access-trail";
import { AwsBucket } from "./aws-bucket";

export const DEFAULT_NONCURRENT_VERSION_DAYS = 90;
export const DEFAULT_ABORT_MULTIPART_DAYS = 7;

export interface AwsStorageProps extends StorageProps {
  /** KMS key for SSE-KMS default encryption of every bucket. */
  readonly keyArn: string;
  /**
   * Days an overwritten or deleted object version stays recoverable before S3 expires it.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days before S3 removes the parts of a multipart upload that was never completed.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Log every object read and write of the realm's buckets (CloudTrail data events) to a log
   * bucket in the realm's region, kept this many days. @default no data-access logging
   */
  readonly accessLogging?: { readonly accountId: string; readonly region: string; readonly retentionDays: number };
}

/**
 * One private, KMS-encrypted, versioned, TLS-only S3 bucket per logical bucket of the realm, and
 * (with `accessLogging`) a data-access trail recording every object read and write.
 */
export class AwsStorage extends Construct {
  /** Bucket names in the order of `props.buckets`. */
  readonly bucketNames: string[];
  readonly bucketArns: string[];
  /** Buckets by logical name. */
  readonly buckets: Readonly<Record<string, AwsBucket>>;
  readonly accessTrail?: AwsAccessTrail;

  constructor(scope: Construct, id: string, props: AwsStorageProps) {
    super(scope, id);
    const buckets = props.buckets.map(
      (logical) =>
        [
          logical,
          new AwsBucket(this, logical, {
            bucketName: resourceName("aws", "bucket", props.realm, logical, props.uniqueSuffix),
            keyArn: props.keyArn,
            deletionProtection: props.deletionProtection,
            noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_DAYS,
            abortIncompleteMultipartUploadDays: props.abortIncompleteMultipartUploadDays ?? DEFAULT_ABORT_MULTIPART_DAYS,
          }),
        ] as const,
    );
    this.buckets = Object.fromEntries(buckets);
    this.bucketNames = buckets.map(([, b]) => b.bucket.bucket);
    this.bucketArns = buckets.map(([, b]) => b.bucket.arn);
    if (props.accessLogging && buckets.length > 0) {
      this.accessTrail = new AwsAccessTrail(this, "access-trail", {
        ...props.accessLogging,
        realm: props.realm,
        uniqueSuffix: props.uniqueSuffix,
        keyArn: props.keyArn,
        bucketArns: this.bucketArns,
        deletionProtection: props.deletionProtection,
      });
    }
  }
}
