import { fromTerraformJson, providerKeyOf } from "../../lib/policy/view/cdktf";
import { configAddress, expressionValue } from "../../lib/policy/view/plan";
import { isPlanJson } from "../../lib/policy/view/load";
import { UNKNOWN } from "../../lib/policy/view/types";
import { linked, refersTo } from "../../lib/policy/view/values";

describe("stack view of cdk.tf.json", () => {
  const view = fromTerraformJson({
    "//": { metadata: { stackName: "realm-us2", backend: "s3" } },
    terraform: { backend: { s3: { bucket: "b", region: "us-east-2", encrypt: true } } },
    provider: { aws: [{ region: "us-east-2" }, { region: "us-west-2", alias: "replica" }] },
    resource: {
      aws_s3_bucket: {
        docs: {
          bucket: "d",
          provider: "aws.replica",
          lifecycle: { prevent_destroy: true },
          depends_on: ["x"],
          "//": { metadata: { path: "realm-us2/storage/docs" } },
        },
      },
      aws_s3_bucket_versioning: { docs: { bucket: "${aws_s3_bucket.docs.id}" } },
    },
    data: { aws_iam_policy_document: { p: { statement: [] } } },
    output: { name: { value: "${aws_s3_bucket.docs.bucket}", sensitive: true } },
    variable: { v: { default: 1 } },
  });

  test("keeps attributes apart from meta-arguments, and records lifecycle, provider and construct path", () => {
    const docs = view.resources[0]!;
    expect(docs).toEqual({
      address: "aws_s3_bucket.docs",
      mode: "managed",
      type: "aws_s3_bucket",
      name: "docs",
      values: { bucket: "d" },
      providerKey: "aws.replica",
      providerType: "aws",
      lifecycle: { preventDestroy: true, createBeforeDestroy: false },
      constructPath: "realm-us2/storage/docs",
    });
    expect(view.dataSources.map((d) => d.address)).toEqual(["data.aws_iam_policy_document.p"]);
    expect(view.providers.map((p) => p.key)).toEqual(["aws", "aws.replica"]);
    expect(view.backend).toEqual({ type: "s3", config: { bucket: "b", region: "us-east-2", encrypt: true } });
    expect([view.stackId, view.backendRecorded, view.outputs.name!.sensitive, view.variables.v!.default]).toEqual([
      "realm-us2",
      true,
      true,
      1,
    ]);
  });

  test("links resources by reference", () => {
    expect(linked(view, "${aws_s3_bucket.docs.id}", ["aws_s3_bucket"]).map((r) => r.address)).toEqual(["aws_s3_bucket.docs"]);
    expect(refersTo("${aws_s3_bucket.docs_old.id}", "aws_s3_bucket.docs")).toBe(false);
    expect(refersTo("${element(aws_s3_bucket.docs.*.arn, 0)}", "aws_s3_bucket.docs")).toBe(true);
    expect(refersTo("aws_s3_bucket.docs.id", "aws_s3_bucket.docs")).toBe(false);
  });

  test("provider keys", () => {
    expect(providerKeyOf(undefined, "google_storage_bucket")).toBe("google");
    expect(providerKeyOf("${aws.replica}", "aws_s3_bucket")).toBe("aws.replica");
  });
});

describe("plan JSON helpers", () => {
  test("configuration addresses drop instance keys", () => {
    expect(configAddress('module.db[0].aws_db_instance.main["a"]')).toBe("module.db.aws_db_instance.main");
  });

  test("expressions: constants, variables, references, and the unknowable", () => {
    const vars = new Map<string, unknown>([["region", "eu-west-1"]]);
    expect(expressionValue({ constant_value: "${var.region}", references: ["var.region"] }, vars)).toBe("eu-west-1");
    expect(expressionValue({ references: ["var.region"] }, vars)).toBe("eu-west-1");
    expect(expressionValue({ references: ["aws_kms_key.k.arn", "aws_kms_key.k"] }, vars)).toBe("${aws_kms_key.k.arn}");
    expect(expressionValue({}, vars)).toBe(UNKNOWN);
    expect(expressionValue([{ tags: { constant_value: { a: "b" } } }], vars)).toEqual([{ tags: { a: "b" } }]);
  });

  test("tells plan JSON from configuration JSON", () => {
    expect(isPlanJson({ format_version: "1.2", planned_values: {} })).toBe(true);
    expect(isPlanJson({ resource: {} })).toBe(false);
  });
});
