import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { gcpLabels, type GcpKeyRef, type GcpScopeProps } from "../gcp-scope";
import type { StorageProps } from "./index";

export interface GcpStorageProps extends StorageProps, GcpScopeProps, GcpKeyRef {
  /**
   * Days a deleted or overwritten object stays restorable through soft delete (0 or 7 to 90),
   * on top of versioning.
   * @default 7
   */
  readonly softDeleteDays?: number;
}

const SOFT_DELETE_RANGE = [7, 90] as const;
const DAY_SECONDS = 86_400;

/**
 * One GCS bucket per logical name, in the realm region: uniform bucket-level access (no
 * object ACLs), public access prevention enforced, default encryption with the realm key,
 * versioning and soft delete, and never destroyed with its objects.
 */
export class GcpStorage extends Construct {
  /** Bucket names by logical name. */
  readonly buckets: Readonly<Record<string, string>>;
  readonly bucketNames: string[];

  constructor(scope: Construct, id: string, props: GcpStorageProps) {
    super(scope, id);
    const softDeleteDays = props.softDeleteDays ?? 7;
    check(props, softDeleteDays);
    const buckets: Record<string, string> = {};
    for (const logical of props.buckets) {
      const bucket = new StorageBucket(this, `bucket-${logical}`, {
        name: resourceName("gcp", "bucket", props.realm, logical, props.uniqueSuffix),
        project: props.project,
        location: props.region.toUpperCase(),
        storageClass: "STANDARD",
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        versioning: { enabled: true },
        softDeletePolicy: { retentionDurationSeconds: softDeleteDays * DAY_SECONDS },
        encryption: { defaultKmsKeyName: props.keyId },
        // A bucket that still holds objects is never deleted by Terraform.
        forceDestroy: false,
        labels: gcpLabels(props.labels, { bucket: logical }),
        dependsOn: [...(props.keyGrants ?? [])],
        lifecycle: { preventDestroy: props.deletionProtection },
      });
      buckets[logical] = bucket.name;
    }
    this.buckets = buckets;
    this.bucketNames = Object.values(buckets);
  }
}

function check(props: GcpStorageProps, softDeleteDays: number): void {
  const [min, max] = SOFT_DELETE_RANGE;
  if (!(softDeleteDays === 0 || (Number.isInteger(softDeleteDays) && softDeleteDays >= min && softDeleteDays <= max))) {
    throw new RealmkitError("RK-GCP-STORAGE-SOFT-DELETE", `softDeleteDays must be 0 or ${min} to ${max}, got ${softDeleteDays}`, {
      realm: props.realm,
      value: softDeleteDays,
      fix: `use a whole number of days from ${min} to ${max} (GCS limits)`,
    });
  }
  const dup = props.buckets.find((b, i) => props.buckets.indexOf(b) !== i);
  if (dup) {
    throw new RealmkitError("RK-GCP-STORAGE-DUPLICATE", `bucket \`${dup}\` is listed twice`, {
      realm: props.realm,
      value: dup,
      fix: "list each logical bucket name once",
    });
  }
}
