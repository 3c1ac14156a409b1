import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { AwsEgressAcl } from "./aws-egress-acl";
import { AwsFlowLogs } from "./aws-flow-logs";
import type { NetworkProps } from "./index";

export interface AwsNetworkProps extends NetworkProps {
  /** Realm key; encrypts the flow log group. */
  readonly keyArn: string;
  /** AWS account id of the realm (scopes the flow log delivery role). */
  readonly accountId: string;
  /** Region of the stack (scopes the flow log delivery role). */
  readonly region: string;
}

type Tier = "public" | "private" | "database";

/**
 * The realm VPC: per zone a public subnet (load balancers and NAT only), a private subnet
 * (workloads, egress through NAT, limited to HTTPS, NTP and the services' ports by a network
 * ACL) and a database subnet with no route to the internet. The default security group admits
 * nothing and every flow is logged.
 */
export class AwsNetwork extends Construct {
  /** The CloudWatch log group of the VPC flow logs (the log forwarder subscribes to it). */
  readonly flowLogGroupName: string;
  readonly vpcId: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly databaseSubnetIds: string[];
  /** Address ranges of the private subnets: the clients databases admit. */
  readonly privateSubnetCidrs: string[];
  /** Limits internet egress of the private subnets; services open their ports on it. */
  readonly egressAcl: AwsEgressAcl;

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    checkZones(props);
    const { realm, zones, layout } = props;
    const name = (...parts: string[]) => resourceName("aws", "default", realm, ...parts);

    const vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name("vpc") },
    });

    // Adopting the default group strips its rules: anything launched without an explicit group is isolated.
    new DefaultSecurityGroup(this, "default-sg", { vpcId: vpc.id, ingress: [], egress: [], tags: { Name: name("default") } });

    const subnets = (tier: Tier, cidrs: readonly string[], tags: Record<string, string> = {}): Subnet[] =>
      zones.map(
        (zone, i) =>
          new Subnet(this, `${tier}-${zone}`, {
            vpcId: vpc.id,
            availabilityZone: zone,
            cidrBlock: cidrs[i]!,
            // Public subnets hold load balancers and NAT gateways, which get addresses explicitly.
            mapPublicIpOnLaunch: false,
            tags: { Name: name(tier, zone), "realmkit/subnet-tier": tier, ...tags },
          }),
      );
    // Tags the AWS Load Balancer Controller uses to place internet-facing and internal load balancers.
    const publicSubnets = subnets("public", layout.public, { "kubernetes.io/role/elb": "1" });
    const privateSubnets = subnets("private", layout.private, { "kubernetes.io/role/internal-elb": "1" });
    const databaseSubnets = subnets("database", layout.database);

    const igw = new InternetGateway(this, "igw", { vpcId: vpc.id, tags: { Name: name("igw") } });
    const publicRoutes = new RouteTable(this, "public-rt", { vpcId: vpc.id, tags: { Name: name("public") } });
    new Route(this, "public-default-route", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    publicSubnets.forEach((subnet, i) => associate(this, `public-${zones[i]}`, publicRoutes, subnet));

    // One NAT per zone keeps a zone's egress alive when another zone fails; a single one is cheaper.
    const natZones = props.natPerZone ? zones : zones.slice(0, 1);
    const nats = natZones.map((zone, i) => {
      const eip = new Eip(this, `nat-eip-${zone}`, { domain: "vpc", tags: { Name: name("nat", zone) } });
      return new NatGateway(this, `nat-${zone}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[i]!.id,
        tags: { Name: name("nat", zone) },
        dependsOn: [igw],
      });
    });

    privateSubnets.forEach((subnet, i) => {
      const zone = zones[i]!;
      const table = new RouteTable(this, `private-rt-${zone}`, { vpcId: vpc.id, tags: { Name: name("private", zone) } });
      new Route(this, `private-default-route-${zone}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: (nats[i] ?? nats[0]!).id,
      });
      associate(this, `private-${zone}`, table, subnet);
    });

    // Database subnets get their own table with only the local route: no way out, no way in.
    const databaseRoutes = new RouteTable(this, "database-rt", { vpcId: vpc.id, tags: { Name: name("database") } });
    databaseSubnets.forEach((subnet, i) => associate(this, `database-${zones[i]}`, databaseRoutes, subnet));

    this.egressAcl = new AwsEgressAcl(this, "private-acl", {
      vpcId: vpc.id,
      vpcCidr: props.cidr,
      subnetIds: privateSubnets.map((s) => s.id),
      name: name("private"),
    });

    const flowLogs = new AwsFlowLogs(this, "flow-logs", {
      realm,
      vpcId: vpc.id,
      keyArn: props.keyArn,
      retentionDays: props.flowLogRetentionDays,
      accountId: props.accountId,
      region: props.region,
    });

    this.flowLogGroupName = flowLogs.logGroupName;
    this.vpcId = vpc.id;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.databaseSubnetIds = databaseSubnets.map((s) => s.id);
    this.privateSubnetCidrs = layout.private.slice(0, zones.length);
  }
}

function associate(scope: Construct, id: string, table: RouteTable, subnet: Subnet): void {
  new RouteTableAssociation(scope, `${id}-rta`, { routeTableId: table.id, subnetId: subnet.id });
}

function checkZones({ realm, zones, layout }: AwsNetworkProps): void {
  if (zones.length === 0) {
    throw new RealmkitError("RK-AWS-NETWORK-ZONES", `realm ${realm} has no availability zones to place subnets in`, {
      realm,
      fix: "use a region from the AWS region catalogue (lib/model/providers/aws.ts), which lists its zones",
    });
  }
  const short = (["public", "private", "database"] as const).find((t) => layout[t].length < zones.length);
  if (short) {
    throw new RealmkitError(
      "RK-AWS-NETWORK-LAYOUT",
      `the network layout has ${layout[short].length} ${short} subnet(s) for ${zones.length} zone(s)`,
      {
        realm,
        value: layout[short],
        fix: "compute the layout with the same zone count as the zones passed in",
      },
    );
  }
}
