import { mergeUnknown, normalisePlan, summarizePlan, type PlanJson } from "../../lib/terraform/plan-json";

const change = (address: string, actions: string[], mode = "managed") => ({
  address,
  mode,
  type: address.split(".")[0]!,
  name: address.split(".")[1]!,
  provider_name: "registry.terraform.io/hashicorp/aws",
  change: { actions, after: {}, after_unknown: {} },
});

describe("plan summary", () => {
  test("counts like terraform: a replacement is one add and one destroy; reads and no-ops do not count", () => {
    const plan = {
      resource_changes: [
        change("aws_vpc.a", ["create"]),
        change("aws_s3_bucket.b", ["update"]),
        change("aws_db_instance.c", ["delete", "create"]),
        change("aws_kms_key.d", ["delete"]),
        change("aws_sns_topic.e", ["no-op"]),
        change("data.aws_iam_policy_document.f", ["read"], "data"),
      ],
    } as unknown as PlanJson;
    expect(summarizePlan(plan)).toEqual({
      add: 2,
      change: 1,
      destroy: 2,
      destructive: ["aws_db_instance.c (replace)", "aws_kms_key.d"],
      effects: {
        none: 3,
        restart: 0,
        replace: 1,
        interrupting: [
          { address: "aws_db_instance.c", type: "aws_db_instance", effect: "replace", reason: "replaced: a new resource takes its place" },
        ],
      },
    });
  });

  test("an empty plan changes nothing", () => {
    expect(summarizePlan({})).toEqual({
      add: 0,
      change: 0,
      destroy: 0,
      destructive: [],
      effects: { none: 0, restart: 0, replace: 0, interrupting: [] },
    });
  });
});

describe("normalised plan", () => {
  test("computed values read `(known after apply)`, sensitive ones `(sensitive)`, as in terraform's own output", () => {
    expect(
      mergeUnknown(
        { name: "x", arn: null, tags: { a: "1" }, rules: [{ port: 443 }, {}] },
        { arn: true, rules: [{}, { id: true }] },
        { name: true },
      ),
    ).toEqual({ name: "(sensitive)", arn: "(known after apply)", tags: { a: "1" }, rules: [{ port: 443 }, { id: "(known after apply)" }] });
  });

  test("sorted, nulls dropped, no timestamp, version, prior state or absolute paths", () => {
    const plan = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      timestamp: "2026-01-01T00:00:00Z",
      prior_state: { values: {} },
      configuration: { root_module: {} },
      resource_changes: [
        {
          ...change("b.b", ["create"]),
          change: { actions: ["create"], after: { z: 1, path: "/tmp/out-123/stacks/x/file", gone: null }, after_unknown: { id: true } },
        },
        change("a.a", ["create"]),
      ],
      output_changes: { host: { actions: ["create"], after: null, after_unknown: true } },
    } as unknown as PlanJson;
    const n = normalisePlan(plan, { paths: { "/tmp/out-123": "<out>" } });
    expect(n).toEqual({
      format_version: "1.2",
      output_changes: { host: { actions: ["create"], after: "(known after apply)" } },
      resource_changes: [
        { address: "a.a", actions: ["create"], after: {}, provider: "registry.terraform.io/hashicorp/aws" },
        {
          address: "b.b",
          actions: ["create"],
          after: { id: "(known after apply)", path: "<out>/stacks/x/file", z: 1 },
          provider: "registry.terraform.io/hashicorp/aws",
        },
      ],
    });
    expect(JSON.stringify(n)).not.toMatch(/timestamp|terraform_version|prior_state|\/tmp\//);
  });
});
