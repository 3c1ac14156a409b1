import { TerraformOutput } from "../../../lib/cdktf";
import { AwsStorage, type AwsStorageProps } from "../../../constructs/storage/aws";
import { resourcesOf, synthStack } from "../../helpers/synth";
import { KEY_ARN, ref, sampleProps, synthTree } from "../aws-sample";

function eu3Props(overrides: Partial<AwsStorageProps> = {}): AwsStorageProps {
  return { ...sampleProps("eu3").storage!, keyArn: KEY_ARN, ...overrides };
}

const synth = (props: AwsStorageProps) => synthTree((scope) => new AwsStorage(scope, "storage", props));

describe("AwsStorage on the eu3 sample realm", () => {
  const tree = synth(eu3Props());
  const { json } = tree;
  const LOGICAL = ["documents", "exports", "archive"];

  test("one bucket per logical name, named with the realm and account", () => {
    const names = LOGICAL.map((logical) => tree.res("aws_s3_bucket", `${logical}/bucket`).res.bucket);
    expect(names).toEqual(["ibc-eu3-documents-222233334444", "ibc-eu3-exports-222233334444", "ibc-eu3-archive-222233334444"]);
    expect(Object.keys(resourcesOf(json, "aws_s3_bucket"))).toHaveLength(3);
    const refs = LOGICAL.map((logical) => ref("aws_s3_bucket", tree.res("aws_s3_bucket", `${logical}/bucket`).key, "bucket"));
    const withOutput = synthTree((scope) => {
      const storage = new AwsStorage(scope, "storage", eu3Props());
      new TerraformOutput(scope, "bucket_names", { value: storage.bucketNames });
      return storage;
    });
    expect(withOutput.json.output?.bucket_names.value).toEqual(refs);
  });

  describe.each(LOGICAL)("bucket %s", (logical) => {
    const bucket = tree.res("aws_s3_bucket", `${logical}/bucket`);
    const bucketId = ref("aws_s3_bucket", bucket.key, "id");

    test("is never force-destroyed and is protected from terraform destroy", () => {
      expect(bucket.res.force_destroy).toBe(false);
      expect(bucket.res.lifecycle).toEqual({ prevent_destroy: true });
    });

    test("blocks every kind of public access", () => {
      expect(tree.res("aws_s3_bucket_public_access_block", `${logical}/public-access`).res).toEqual({
        bucket: bucketId,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    });

    test("disables ACLs (bucket owner enforced)", () => {
      expect(tree.res("aws_s3_bucket_ownership_controls", `${logical}/ownership`).res).toEqual({
        bucket: bucketId,
        rule: { object_ownership: "BucketOwnerEnforced" },
      });
    });

    test("encrypts with SSE-KMS under the realm key, with a bucket key", () => {
      expect(tree.res("aws_s3_bucket_server_side_encryption_configuration", `${logical}/encryption`).res).toEqual({
        bucket: bucketId,
        rule: [
          { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY_ARN }, bucket_key_enabled: true },
        ],
      });
    });

    test("is versioned", () => {
      expect(tree.res("aws_s3_bucket_versioning", `${logical}/versioning`).res).toEqual({
        bucket: bucketId,
        versioning_configuration: { status: "Enabled" },
      });
    });

    test("denies every request without TLS or below TLS 1.2", () => {
      const doc = tree.data("aws_iam_policy_document", `${logical}/tls-only`);
      const policy = tree.res("aws_s3_bucket_policy", `${logical}/policy`).res;
      expect(policy.bucket).toBe(bucketId);
      expect(policy.policy).toBe(ref("data.aws_iam_policy_document", doc.key, "json"));
      const arn = ref("aws_s3_bucket", bucket.key, "arn");
      const deny = (variable: string, test: string, value: string) => ({
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: [arn, `${arn}/*`],
        condition: [{ test, variable, values: [value] }],
      });
      expect(doc.res.statement).toEqual([
        { sid: "DenyInsecureTransport", ...deny("aws:SecureTransport", "Bool", "false") },
        { sid: "DenyOutdatedTls", ...deny("s3:TlsVersion", "NumericLessThan", "1.2") },
      ]);
    });

    test("expires noncurrent versions after 90 days and aborts multipart uploads after 7", () => {
      const lifecycle = tree.res("aws_s3_bucket_lifecycle_configuration", `${logical}/lifecycle`).res;
      expect(lifecycle.bucket).toBe(bucketId);
      expect(lifecycle.rule).toEqual([
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{}],
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          expiration: [{ expired_object_delete_marker: true }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ]);
      expect(lifecycle.depends_on).toEqual([
        `aws_s3_bucket_versioning.${tree.res("aws_s3_bucket_versioning", `${logical}/versioning`).key}`,
      ]);
    });
  });
});

describe("AwsStorage options", () => {
  test("without deletion protection a bucket may be destroyed by Terraform, yet never while it holds objects", () => {
    const tree = synth(eu3Props({ deletionProtection: false, buckets: ["scratch"] }));
    const bucket = tree.res("aws_s3_bucket", "scratch/bucket").res;
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.lifecycle).toBeUndefined();
  });

  test("lifecycle periods can be set", () => {
    const tree = synth(eu3Props({ buckets: ["logs"], noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 2 }));
    const rule = tree.res("aws_s3_bucket_lifecycle_configuration", "logs/lifecycle").res.rule[0];
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 2 }]);
  });

  test("a long realm and bucket name is cut to S3's 63 characters and stays unique", () => {
    const tree = synth(eu3Props({ buckets: ["customer-document-exports-for-auditors", "customer-document-exports-for-auditing"] }));
    const names = Object.values(resourcesOf(tree.json, "aws_s3_bucket")).map((b) => b.bucket as string);
    expect(names.every((n) => n.length <= 63 && /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(n))).toBe(true);
    expect(new Set(names).size).toBe(2);
  });
});

describe("AwsStorage as the AWS kit wires it", () => {
  test("stg1 (staging) buckets keep prevent_destroy, never force_destroy, and carry the account suffix", () => {
    const json = synthStack("realm-stg1");
    expect(
      Object.values(resourcesOf(json, "aws_s3_bucket"))
        .map((b) => [b.bucket, b.force_destroy, b.lifecycle])
        .sort(),
    ).toEqual([
      ["ibc-stg1-access-logs-444455556666", false, { prevent_destroy: true }],
      ["ibc-stg1-documents-444455556666", false, { prevent_destroy: true }],
    ]);
  });

  test("every object read and write of the realm's buckets goes to a KMS-encrypted, retention-bound trail in the realm's region", () => {
    const json = synthStack("realm-stg1");
    const [trail, ...others] = Object.values(resourcesOf(json, "aws_cloudtrail"));
    expect(others).toEqual([]);
    const key = Object.keys(resourcesOf(json, "aws_kms_key"))[0]!;
    const bucket = (name: string) => Object.entries(resourcesOf(json, "aws_s3_bucket")).find(([, b]) => b.bucket === name)![0];
    expect(trail).toMatchObject({
      name: "ibc-stg1-data-access",
      kms_key_id: ref("aws_kms_key", key, "arn"),
      enable_log_file_validation: true,
      is_multi_region_trail: false,
      s3_bucket_name: ref("aws_s3_bucket", bucket("ibc-stg1-access-logs-444455556666"), "id"),
      event_selector: [
        {
          read_write_type: "All",
          include_management_events: false,
          data_resource: [
            { type: "AWS::S3::Object", values: [`${ref("aws_s3_bucket", bucket("ibc-stg1-documents-444455556666"), "arn")}/`] },
          ],
        },
      ],
    });
    // The log bucket expires log files after the realm's log retention (30 days in the staging layer).
    const lifecycles = Object.values(resourcesOf(json, "aws_s3_bucket_lifecycle_configuration"));
    const logLifecycle = lifecycles.find((l) => l.bucket === ref("aws_s3_bucket", bucket("ibc-stg1-access-logs-444455556666"), "id"))!;
    expect(logLifecycle.rule[0].expiration).toEqual([{ days: 30 }]);
    // The key lets CloudTrail encrypt only this account's trails.
    const keyPolicy = Object.values((json.data as Record<string, Record<string, any>>).aws_iam_policy_document).find((d) =>
      d.statement.some((st: any) => st.sid === "CloudTrailEncryptsRealmTrails"),
    );
    expect(keyPolicy.statement.find((st: any) => st.sid === "CloudTrailEncryptsRealmTrails").condition).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          variable: "kms:EncryptionContext:aws:cloudtrail:arn",
          values: ["arn:aws:cloudtrail:*:444455556666:trail/*"],
        }),
      ]),
    );
  });

  test("a storage component without accessLogging has no trail (the construct alone)", () => {
    expect(resourcesOf(synth(eu3Props()).json, "aws_cloudtrail")).toEqual({});
  });
});
