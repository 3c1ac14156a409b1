import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { App, Fn, Lazy, TerraformIterator, TerraformLocal, TerraformOutput, TerraformStack, Testing, Token, Tokenization } from "cdktf";
import { loadInventory } from "../../lib/model/inventory";
import { withPlainValueFastPath } from "../../lib/cdktf/plain-resolve";
import { addRealmStacks } from "../../lib/stacks/synth";
import { FIXTURE_REALMS } from "../helpers/paths";

/** What a stack synthesizes to, as cdktf writes it (key order included). */
const written = (stack: TerraformStack): string => JSON.stringify(stack.toTerraform());

/** A stack holding the values cdktf treats specially: every kind of token, escapes, look-alikes. */
function trickyStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "tricky");
  new AwsProvider(stack, "aws", { region: "us-east-2", defaultTags: [{ tags: { team: "ibc", "cost-center": "1e5" } }] });
  const zones = new DataAwsAvailabilityZones(stack, "zones", { state: "available" });
  const vpc = new Vpc(stack, "vpc", {
    cidrBlock: "10.0.0.0/16",
    tags: Token.asStringMap(Lazy.anyValue({ produce: () => ({ Name: "lazy" }) })),
  });
  const subnets = TerraformIterator.fromList(Fn.cidrsubnets(vpc.cidrBlock, [4, 4]));
  new Subnet(stack, "subnet", {
    forEach: subnets,
    vpcId: vpc.id,
    cidrBlock: Token.asString(subnets.value),
    availabilityZone: Fn.element(zones.names, 0),
  });
  const db = new DbInstance(stack, "db", { instanceClass: "db.t4g.micro", engine: "postgres", allocatedStorage: 20, port: 5432 });
  new SecurityGroupRule(stack, "rule", {
    type: "ingress",
    securityGroupId: vpc.defaultSecurityGroupId,
    fromPort: db.port,
    toPort: Token.asNumber(Lazy.numberValue({ produce: () => 5433 })),
    protocol: "tcp",
    cidrBlocks: [vpc.cidrBlock, "10.1.0.0/16"],
  });
  new IamPolicy(stack, "policy", {
    // Terraform interpolation escapes and braces that are not tokens.
    policy: '{"Statement":[{"Resource":"arn:aws:s3:::home/${aws:username}/*","Effect":"Allow"}]}',
    description: "data-e2e 1e5 -0.5e+3 } {",
    // A number token concatenated into a string is written as a double cdktf must spot.
    namePrefix: `port ${db.port} `,
  });
  new TerraformLocal(stack, "values", {
    nested: { list: [1, -2.5, 0, true, false, null, undefined, "x", [], {}], empty: {}, skipped: undefined },
    zones: zones.names,
    joined: Fn.join(",", zones.names),
    lazy: Lazy.anyValue({ produce: () => ({ a: 1, b: undefined, c: [vpc.id] }) }),
    port: db.port,
  });
  new TerraformOutput(stack, "network", { value: { id: vpc.id, cidr: vpc.cidrBlock } });
  vpc.addOverride("lifecycle.ignore_changes", ["tags"]);
  vpc.addOverride("enable_dns_hostnames", null);
  return stack;
}

describe("withPlainValueFastPath", () => {
  it("synthesizes every sample stack byte-for-byte as cdktf alone does", () => {
    const stacks = addRealmStacks(Testing.app() as App, loadInventory(FIXTURE_REALMS), { backend: "remote" });
    const stock = stacks.map(written);
    expect(withPlainValueFastPath(() => stacks.map(written))).toEqual(stock);
  });

  it("leaves every kind of token, escape and look-alike to cdktf, with the same output", () => {
    const stack = trickyStack();
    const stock = written(stack);
    expect(stock).toContain("${aws:username}");
    expect(stock).toContain('"port ${aws_db_instance.db.port} "');
    expect(withPlainValueFastPath(() => written(stack))).toEqual(stock);
  });

  it("keeps cdktf's errors for values it cannot resolve", () => {
    const circular: Record<string, unknown> = { name: "loop" };
    circular.self = circular;
    const options = { scope: Testing.app(), preparing: false };
    expect(() => Tokenization.resolve(circular, options as never)).toThrow(/circular/i);
    expect(() => withPlainValueFastPath(() => Tokenization.resolve(circular, options as never))).toThrow(/circular/i);
    expect(() => withPlainValueFastPath(() => Tokenization.resolve({ fn: () => 1 }, options as never))).toThrow(/function/i);
  });

  it("is in place for the call only, also when the call throws or nests", () => {
    const stock = Tokenization.resolve;
    expect(withPlainValueFastPath(() => withPlainValueFastPath(() => Tokenization.resolve !== stock))).toBe(true);
    expect(() =>
      withPlainValueFastPath(() => {
        throw new Error("synthesis failed");
      }),
    ).toThrow("synthesis failed");
    expect(Tokenization.resolve).toBe(stock);
  });
});
