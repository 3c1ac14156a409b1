import { TerraformOutput } from "../../../lib/cdktf";
import { AwsNetwork, type AwsNetworkProps } from "../../../constructs/network/aws";
import { awsProfile } from "../../../lib/model/providers/aws";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";

const ZONES = ["us-east-2a", "us-east-2b", "us-east-2c"];
const KEY = "arn:aws:kms:us-east-2:111122223333:key/realm";
const prod: AwsNetworkProps = {
  realm: "us2",
  tier: "prod",
  cidr: "10.20.0.0/16",
  zones: ZONES,
  layout: awsProfile.networkLayout("10.20.0.0/16", 3),
  natPerZone: true,
  flowLogRetentionDays: 365,
  keyArn: KEY,
  accountId: "111122223333",
  region: "us-east-2",
};
const dev: AwsNetworkProps = { ...prod, realm: "dev1", tier: "dev", natPerZone: false, flowLogRetentionDays: 90 };

const synth = (props: AwsNetworkProps): TfJson => synthConstruct((scope) => new AwsNetwork(scope, "network", props));
const ref = (json: TfJson, type: string, where: (r: Record<string, any>) => boolean, attr = "id"): string => {
  const found = Object.entries(resourcesOf(json, type)).filter(([, r]) => where(r));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return `\${${type}.${found[0]![0]}.${attr}}`;
};
const subnetsOf = (json: TfJson, tier: string) =>
  Object.values(resourcesOf(json, "aws_subnet")).filter((s) => s.tags["realmkit/subnet-tier"] === tier);

describe("AwsNetwork", () => {
  const json = synth(prod);
  const devJson = synth(dev);
  const vpcId = ref(json, "aws_vpc", () => true);

  it("creates a VPC over the realm range with DNS support and hostnames (private zones and EKS need both)", () => {
    expect(onlyResource(json, "aws_vpc")).toMatchObject({
      cidr_block: "10.20.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: "ibc-us2-vpc" },
    });
  });

  it("places one public, private and database subnet per zone with the ranges of the layout", () => {
    const cidrs = (tier: string) => subnetsOf(json, tier).map((s) => [s.availability_zone, s.cidr_block]);
    expect(cidrs("private")).toEqual([
      ["us-east-2a", "10.20.0.0/19"],
      ["us-east-2b", "10.20.32.0/19"],
      ["us-east-2c", "10.20.64.0/19"],
    ]);
    expect(cidrs("public")).toEqual([
      ["us-east-2a", "10.20.192.0/22"],
      ["us-east-2b", "10.20.196.0/22"],
      ["us-east-2c", "10.20.200.0/22"],
    ]);
    expect(cidrs("database")).toEqual([
      ["us-east-2a", "10.20.224.0/22"],
      ["us-east-2b", "10.20.228.0/22"],
      ["us-east-2c", "10.20.232.0/22"],
    ]);
    for (const subnet of Object.values(resourcesOf(json, "aws_subnet"))) expect(subnet.vpc_id).toBe(vpcId);
  });

  it("never gives instances public addresses on launch, not even in public subnets", () => {
    const subnets = Object.values(resourcesOf(json, "aws_subnet"));
    expect(subnets).toHaveLength(9);
    for (const subnet of subnets) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it("tags subnets for the load balancer controller: public for internet-facing, private for internal", () => {
    for (const s of subnetsOf(json, "public")) expect(s.tags).toMatchObject({ "kubernetes.io/role/elb": "1" });
    for (const s of subnetsOf(json, "private")) expect(s.tags).toMatchObject({ "kubernetes.io/role/internal-elb": "1" });
    for (const s of subnetsOf(json, "database")) {
      expect(Object.keys(s.tags).filter((k) => k.startsWith("kubernetes.io/"))).toEqual([]);
    }
  });

  it("gives prod one NAT gateway with its own address per zone, in that zone's public subnet", () => {
    const nats = Object.values(resourcesOf(json, "aws_nat_gateway"));
    expect(nats).toHaveLength(3);
    expect(Object.values(resourcesOf(json, "aws_eip"))).toEqual(ZONES.map((z) => ({ domain: "vpc", tags: { Name: `ibc-us2-nat-${z}` } })));
    ZONES.forEach((zone, i) => {
      expect(nats[i]!.subnet_id).toBe(ref(json, "aws_subnet", (s) => s.cidr_block === prod.layout.public[i]));
      expect(nats[i]!.allocation_id).toBe(ref(json, "aws_eip", (e) => e.tags.Name === `ibc-us2-nat-${zone}`, "allocation_id"));
    });
  });

  it("gives non-prod tiers a single NAT gateway", () => {
    expect(Object.keys(resourcesOf(devJson, "aws_nat_gateway"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(devJson, "aws_eip"))).toHaveLength(1);
  });

  it("routes each private subnet to the NAT gateway of its own zone (prod)", () => {
    for (const [i, zone] of ZONES.entries()) {
      const table = ref(json, "aws_route_table", (t) => t.tags.Name === `ibc-us2-private-${zone}`);
      const subnet = ref(json, "aws_subnet", (s) => s.cidr_block === prod.layout.private[i]);
      const nat = ref(json, "aws_nat_gateway", (n) => n.tags.Name === `ibc-us2-nat-${zone}`);
      const routes = Object.values(resourcesOf(json, "aws_route")).filter((r) => r.route_table_id === table);
      expect(routes).toEqual([{ route_table_id: table, destination_cidr_block: "0.0.0.0/0", nat_gateway_id: nat }]);
      expect(Object.values(resourcesOf(json, "aws_route_table_association"))).toContainEqual({ route_table_id: table, subnet_id: subnet });
    }
  });

  it("routes every private subnet through the single NAT gateway outside prod", () => {
    const nat = ref(devJson, "aws_nat_gateway", () => true);
    const privateRoutes = Object.values(resourcesOf(devJson, "aws_route")).filter((r) => r.nat_gateway_id);
    expect(privateRoutes.map((r) => r.nat_gateway_id)).toEqual([nat, nat, nat]);
  });

  it("routes public subnets to the internet gateway", () => {
    const table = ref(json, "aws_route_table", (t) => t.tags.Name === "ibc-us2-public");
    const igw = ref(json, "aws_internet_gateway", () => true);
    expect(Object.values(resourcesOf(json, "aws_route")).filter((r) => r.route_table_id === table)).toEqual([
      { route_table_id: table, destination_cidr_block: "0.0.0.0/0", gateway_id: igw },
    ]);
    const associated = Object.values(resourcesOf(json, "aws_route_table_association")).filter((a) => a.route_table_id === table);
    expect(associated).toHaveLength(3);
  });

  it("gives database subnets a route table without any route out of the VPC", () => {
    const table = ref(json, "aws_route_table", (t) => t.tags.Name === "ibc-us2-database");
    const tableName = table.slice("${aws_route_table.".length, -".id}".length);
    expect(resourcesOf(json, "aws_route_table")[tableName]).toEqual({
      vpc_id: vpcId,
      tags: { Name: "ibc-us2-database" },
    });
    expect(Object.values(resourcesOf(json, "aws_route")).filter((r) => r.route_table_id === table)).toEqual([]);
    const associated = Object.values(resourcesOf(json, "aws_route_table_association")).filter((a) => a.route_table_id === table);
    expect(associated.map((a) => a.subnet_id)).toEqual(
      prod.layout.database.map((cidr) => ref(json, "aws_subnet", (s) => s.cidr_block === cidr)),
    );
  });

  it("limits internet egress of the private subnets to HTTPS and NTP with a network ACL, leaving traffic inside the VPC alone", () => {
    const acl = onlyResource(json, "aws_network_acl");
    expect(acl.vpc_id).toBe(vpcId);
    expect(acl.subnet_ids).toEqual(ZONES.map((zone) => ref(json, "aws_subnet", (s) => s.tags.Name === `ibc-us2-private-${zone}`)));
    const aclId = ref(json, "aws_network_acl", () => true);
    const rules = Object.values(resourcesOf(json, "aws_network_acl_rule")).map((r) => {
      expect(r.network_acl_id).toBe(aclId);
      expect(r.rule_action).toBe("allow");
      return [r.egress ? "out" : "in", r.rule_number, r.protocol, r.cidr_block, r.from_port, r.to_port];
    });
    const order = (r: unknown[]) => `${r[0] === "out" ? 0 : 1}${String(r[1]).padStart(5, "0")}`;
    expect(rules.sort((a, b) => order(a).localeCompare(order(b)))).toEqual([
      ["out", 100, "-1", "10.20.0.0/16", undefined, undefined],
      ["out", 110, "tcp", "0.0.0.0/0", 443, 443],
      ["out", 120, "udp", "0.0.0.0/0", 123, 123],
      ["in", 100, "-1", "10.20.0.0/16", undefined, undefined],
      // Replies on the Linux ephemeral ports only: 22 and 3389 stay closed from the internet.
      ["in", 130, "tcp", "0.0.0.0/0", 32768, 65535],
      ["in", 140, "udp", "0.0.0.0/0", 32768, 65535],
    ]);
    expect(Object.values(resourcesOf(json, "aws_network_acl_association"))).toEqual([]);
  });

  it("strips every rule from the default security group", () => {
    expect(onlyResource(json, "aws_default_security_group")).toEqual({
      vpc_id: vpcId,
      ingress: [],
      egress: [],
      tags: { Name: "ibc-us2-default" },
    });
  });

  it("logs all traffic of the VPC to a log group encrypted with the realm key and retained as configured", () => {
    const group = onlyResource(json, "aws_cloudwatch_log_group");
    expect(group).toEqual({ name: "ibc-us2-vpc-flow-logs", kms_key_id: KEY, retention_in_days: 365 });
    expect(onlyResource(devJson, "aws_cloudwatch_log_group").retention_in_days).toBe(90);
    expect(onlyResource(json, "aws_flow_log")).toEqual({
      vpc_id: vpcId,
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: ref(json, "aws_cloudwatch_log_group", () => true, "arn"),
      iam_role_arn: ref(json, "aws_iam_role", () => true, "arn"),
      tags: { Name: "ibc-us2-vpc-flow-logs" },
    });
  });

  it("lets only flow log delivery of this account assume the delivery role, writing only to its log group", () => {
    const docs = Object.values(json.data!.aws_iam_policy_document!);
    const trust = docs.find((d) => d.statement[0].actions.includes("sts:AssumeRole"))!;
    expect(trust.statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
          { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:ec2:us-east-2:111122223333:vpc-flow-log/*"] },
        ],
      },
    ]);
    const groupArn = ref(json, "aws_cloudwatch_log_group", () => true, "arn");
    const write = docs.find((d) => d !== trust)!;
    expect(write.statement.map((s: any) => s.resources)).toEqual([[groupArn, `${groupArn}:*`]]);
    expect(onlyResource(json, "aws_iam_role").name).toBe("ibc-us2-vpc-flow-logs");
  });

  it("exposes subnet ids per tier and the private ranges databases admit", () => {
    const out = synthConstruct((scope) => {
      const network = new AwsNetwork(scope, "network", prod);
      new TerraformOutput(scope, "vpc", { value: network.vpcId });
      new TerraformOutput(scope, "private", { value: network.privateSubnetIds });
      new TerraformOutput(scope, "database", { value: network.databaseSubnetIds });
      new TerraformOutput(scope, "public", { value: network.publicSubnetIds });
      new TerraformOutput(scope, "cidrs", { value: network.privateSubnetCidrs });
    });
    const ids = (tier: "private" | "public" | "database") =>
      prod.layout[tier].map((cidr) => ref(out, "aws_subnet", (s) => s.cidr_block === cidr));
    expect(out.output!.vpc.value).toBe(vpcId);
    expect(out.output!.private.value).toEqual(ids("private"));
    expect(out.output!.public.value).toEqual(ids("public"));
    expect(out.output!.database.value).toEqual(ids("database"));
    expect(out.output!.cidrs.value).toEqual(["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"]);
  });

  it("rejects a retention CloudWatch Logs does not accept, naming the closest valid ones", () => {
    expect(() => synth({ ...prod, flowLogRetentionDays: 100 })).toThrow(
      expect.objectContaining({
        code: "RK-AWS-LOG-RETENTION",
        message: "CloudWatch Logs cannot keep logs for 100 days",
        fix: expect.stringContaining("90 or 120"),
      }),
    );
  });

  it("rejects a network without zones or with a layout for fewer zones", () => {
    expect(() => synth({ ...prod, zones: [] })).toThrow("realm us2 has no availability zones to place subnets in");
    expect(() => synth({ ...prod, layout: awsProfile.networkLayout("10.20.0.0/16", 2) })).toThrow(
      "the network layout has 2 public subnet(s) for 3 zone(s)",
    );
  });
});
