import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { gcpLabels, type GcpKeyRef, type GcpScopeProps } from "../gcp-scope";
import { GcpLogRoute } from "../observability/gcp-log-route";
import type { StorageProps } from "./index";

export interface GcpStorageProps extends StorageProps, GcpScopeProps, GcpKeyRef {
  /**
   * Days a deleted or overwritten object stays restorable through soft delete (0 or 7 to 90),
   * on top of versioning.
   * @default 7
   */
  readonly softDeleteDays?: number;
  /**
   * Record every object read and write (Cloud Audit Logs data access, DATA_READ and DATA_WRITE
   * for Cloud Storage in the project) and keep those entries in a log bucket in the realm region
   * for `accessLogRetentionDays`. @default true
   */
  readonly accessLogging?: boolean;
}

const SOFT_DELETE_RANGE = [7, 90] as const;
const DAY_SECONDS = 86_400;

/**
 * One GCS bucket per logical name, in the realm region: uniform bucket-level access (no
 * object ACLs), public access prevention enforced, default encryption with the realm key,
 * versioning and soft delete, and never destroyed with its objects. Every object read and write
 * is recorded in the data-access audit log, kept in the realm region.
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
    const literalNames: string[] = [];
    for (const logical of props.buckets) {
      const name = resourceName("gcp", "bucket", props.realm, logical, props.uniqueSuffix);
      literalNames.push(name);
      const bucket = new StorageBucket(this, `bucket-${logical}`, {
        name,
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

    if ((props.accessLogging ?? true) && props.buckets.length > 0) {
      // Authoritative for Cloud Storage in this project: one place says which storage access is audited.
      new ProjectIamAuditConfig(this, "data-access-audit", {
        project: props.project,
        service: "storage.googleapis.com",
        auditLogConfig: [{ logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
      });
      const routeName = resourceName("gcp", "default", props.realm, "storage-access");
      new GcpLogRoute(this, "access-logs", {
        realm: props.realm,
        project: props.project,
        region: props.region,
        name: routeName,
        description: `Object reads and writes of the buckets of realm ${props.realm}`,
        filter: [
          `logName="projects/${props.project}/logs/cloudaudit.googleapis.com%2Fdata_access"`,
          `protoPayload.serviceName="storage.googleapis.com"`,
          `resource.labels.bucket_name=(${literalNames.map((n) => `"${n}"`).join(" OR ")})`,
        ].join(" AND "),
        retentionDays: props.accessLogRetentionDays ?? 365,
      });
    }
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
