import { scanPlainReference, scanTemplate } from "../../lib/verify/references";

const refs = (text: string, bound: string[] = []) => scanTemplate(text, new Set(bound)).traversals.map((t) => t.join("."));

describe("scanTemplate", () => {
  it("finds resource, data, variable, local and module references in interpolations", () => {
    expect(refs("${aws_vpc.main.id}")).toEqual(["aws_vpc.main.id"]);
    expect(refs("arn:${data.aws_partition.p.partition}:${var.region}/${local.name}-${module.net.vpc_id}")).toEqual([
      "data.aws_partition.p.partition",
      "var.region",
      "local.name",
      "module.net.vpc_id",
    ]);
  });

  it("reads names with hyphens and leaves out index and splat steps", () => {
    expect(refs("${google_storage_bucket.storage_bucket-documents_A4421C60.name}")).toEqual([
      "google_storage_bucket.storage_bucket-documents_A4421C60.name",
    ]);
    expect(refs('${aws_subnet.private[0].id} ${aws_subnet.all.*.id} ${aws_subnet.x["a"].arn}')).toEqual([
      "aws_subnet.private.id",
      "aws_subnet.all.id",
      "aws_subnet.x.arn",
    ]);
  });

  it("looks inside function arguments, index expressions, operators and nested string literals", () => {
    expect(refs("${cidrsubnet(var.cidr, 4, count.index)}")).toEqual(["var.cidr", "count.index"]);
    expect(refs("${aws_subnet.a[local.i].id}")).toEqual(["local.i", "aws_subnet.a.id"]);
    expect(refs('${join(",", ["${aws_vpc.a.id}", var.b])}')).toEqual(["aws_vpc.a.id", "var.b"]);
    expect(refs("${var.n-1} ${5-var.m} ${!var.flag ? local.a : local.b}")).toEqual(["var.n-1", "var.m", "var.flag", "local.a", "local.b"]);
  });

  it("skips function names, provider functions, attributes of results and keywords", () => {
    expect(refs("${element(aws_subnet.a.*.id, 0)}")).toEqual(["aws_subnet.a.id"]);
    expect(refs("${provider::aws::arn_parse(aws_iam_role.r.arn).account_id}")).toEqual(["aws_iam_role.r.arn"]);
    expect(refs("${tolist(var.l)[0].name} ${true ? null : false}")).toEqual(["var.l"]);
  });

  it("skips object keys but not their values", () => {
    expect(refs('${jsonencode({ name = var.name, "quoted" = local.q, key: aws_vpc.v.id })}')).toEqual([
      "var.name",
      "local.q",
      "aws_vpc.v.id",
    ]);
  });

  it("binds for-expression and directive iterators, and names the caller has in scope", () => {
    expect(refs("${[for s in aws_subnet.all : s.id if s.map_public_ip_on_launch]}")).toEqual(["aws_subnet.all"]);
    expect(refs("${{for k, v in var.tags : k => upper(v)}}")).toEqual(["var.tags"]);
    expect(refs("%{ for ip in var.ips }${ip} %{ endfor }")).toEqual(["var.ips"]);
    expect(refs("%{ if var.on }yes%{ else }no%{ endif }")).toEqual(["var.on"]);
    expect(refs("${rule.value.port}", ["rule"])).toEqual([]);
  });

  it("treats escaped templates as text", () => {
    expect(refs("$${not.a.reference} %%{ if x }")).toEqual([]);
    expect(refs("plain text, no template")).toEqual([]);
  });

  it("reports an unterminated interpolation", () => {
    expect(scanTemplate("${aws_vpc.main.id").error).toMatch(/unterminated `\$\{`/);
    expect(scanTemplate('${"${x}"').error).toBeDefined();
  });
});

describe("scanPlainReference", () => {
  it("reads depends_on entries with or without an interpolation wrapper", () => {
    expect(scanPlainReference("google_kms_crypto_key_iam_member.keys_grant-cloudsql_E26059AE")).toEqual([
      "google_kms_crypto_key_iam_member",
      "keys_grant-cloudsql_E26059AE",
    ]);
    expect(scanPlainReference("${module.net}")).toEqual(["module", "net"]);
    expect(scanPlainReference("not a reference!")).toBeUndefined();
  });
});
