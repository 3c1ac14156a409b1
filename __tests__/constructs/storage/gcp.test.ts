import { TerraformOutput, type ITerraformDependable } from "../../../lib/cdktf";
import { GcpStorage, type GcpStorageProps } from "../../../constructs/storage/gcp";
import type { RealmkitError } from "../../../lib/config/errors";
import { resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { expectLabeledEverywhere, KEY_ID, LABELS, PROJECT, SCOPE } from "../gcp-sample";

const GRANT: ITerraformDependable = { fqn: "google_kms_crypto_key_iam_member.storage" };
const prod: GcpStorageProps = {
  ...SCOPE,
  realm: "eu1",
  tier: "prod",
  buckets: ["documents", "exports"],
  uniqueSuffix: PROJECT,
  deletionProtection: true,
  keyId: KEY_ID,
  keyGrants: [GRANT],
};
const synth = (props: GcpStorageProps): TfJson => synthConstruct((scope) => new GcpStorage(scope, "storage", props));
const buckets = (json: TfJson) => Object.values(resourcesOf(json, "google_storage_bucket"));
const thrown = (props: GcpStorageProps): RealmkitError => {
  try {
    synth(props);
  } catch (err) {
    return err as RealmkitError;
  }
  throw new Error("expected an error");
};

describe("GcpStorage", () => {
  const json = synth(prod);

  it("creates one bucket per logical name, globally unique through the project id, in the realm region", () => {
    expect(buckets(json).map((b) => [b.name, b.location, b.project])).toEqual([
      ["ibc-eu1-documents-ibc-eu1-prod", "EUROPE-WEST3", PROJECT],
      ["ibc-eu1-exports-ibc-eu1-prod", "EUROPE-WEST3", PROJECT],
    ]);
  });

  it("audits every object read and write and keeps those entries in a log bucket in the realm region", () => {
    expect(Object.values(resourcesOf(json, "google_project_iam_audit_config"))).toEqual([
      { project: PROJECT, service: "storage.googleapis.com", audit_log_config: [{ log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }] },
    ]);
    const [bucket] = Object.values(resourcesOf(json, "google_logging_project_bucket_config"));
    expect(bucket).toMatchObject({ project: PROJECT, location: "europe-west3", bucket_id: "ibc-eu1-storage-access", retention_days: 365 });
    const [sink] = Object.values(resourcesOf(json, "google_logging_project_sink"));
    expect(sink.filter).toBe(
      `logName="projects/${PROJECT}/logs/cloudaudit.googleapis.com%2Fdata_access" AND protoPayload.serviceName="storage.googleapis.com" AND resource.labels.bucket_name=("ibc-eu1-documents-ibc-eu1-prod" OR "ibc-eu1-exports-ibc-eu1-prod")`,
    );
    expect(resourcesOf(synth({ ...prod, accessLogging: false }), "google_project_iam_audit_config")).toEqual({});
    expect(
      Object.values(resourcesOf(synth({ ...prod, accessLogRetentionDays: 400 }), "google_logging_project_bucket_config"))[0]!
        .retention_days,
    ).toBe(400);
  });

  it("allows no object ACLs and no public access", () => {
    for (const b of buckets(json)) expect(b).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: "enforced" });
  });

  it("encrypts with the realm key once the storage agent may use it", () => {
    for (const b of buckets(json)) {
      expect(b.encryption).toEqual({ default_kms_key_name: KEY_ID });
      expect(b.depends_on).toEqual([GRANT.fqn]);
    }
  });

  it("versions objects and keeps deleted ones 7 days by default", () => {
    for (const b of buckets(json))
      expect(b).toMatchObject({ versioning: { enabled: true }, soft_delete_policy: { retention_duration_seconds: 604800 } });
    expect(buckets(synth({ ...prod, softDeleteDays: 30 }))[0]!.soft_delete_policy).toEqual({ retention_duration_seconds: 2592000 });
    expect(buckets(synth({ ...prod, softDeleteDays: 0 }))[0]!.soft_delete_policy).toEqual({ retention_duration_seconds: 0 });
  });

  it("never deletes objects with a bucket, and protects buckets when asked", () => {
    for (const b of buckets(json)) expect(b).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    for (const b of buckets(synth({ ...prod, deletionProtection: false })))
      expect(b).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: false } });
  });

  it("labels each bucket with the realm labels and its logical name", () => {
    expectLabeledEverywhere(json);
    expect(buckets(json)[1]!.labels).toEqual({ ...LABELS, bucket: "exports" });
  });

  it("keeps a long name within 63 characters and still unique", () => {
    const long = buckets(synth({ ...prod, buckets: ["a-very-long-logical-bucket-name"], uniqueSuffix: "a-rather-long-project-id-123" }));
    expect(long[0]!.name.length).toBeLessThanOrEqual(63);
    expect(long[0]!.name).toMatch(/^ibc-eu1-a-very-long-logical-bucket-name-a-rather-.*-[0-9a-f]{6}$/);
  });

  it("exposes bucket names by logical name", () => {
    let storage!: GcpStorage;
    const out = synthConstruct((scope) => {
      storage = new GcpStorage(scope, "storage", prod);
      new TerraformOutput(scope, "names", { value: storage.bucketNames });
    });
    expect(Object.keys(storage.buckets)).toEqual(["documents", "exports"]);
    expect(out.output!.names!.value).toHaveLength(2);
  });

  it.each([1, 6, 91, 7.5])("rejects a soft delete of %s days", (days) => {
    const err = thrown({ ...prod, softDeleteDays: days });
    expect(err.code).toBe("RK-GCP-STORAGE-SOFT-DELETE");
    expect(err.value).toBe(days);
  });

  it("rejects a bucket listed twice", () => {
    const err = thrown({ ...prod, buckets: ["documents", "documents"] });
    expect(err.code).toBe("RK-GCP-STORAGE-DUPLICATE");
    expect(err.value).toBe("documents");
  });
});
