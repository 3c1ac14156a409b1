import { NetworkAcl } from "@cdktf/provider-aws/lib/network-acl";
import { NetworkAclRule } from "@cdktf/provider-aws/lib/network-acl-rule";
import { Construct } from "constructs";

export interface AwsEgressAclProps {
  readonly vpcId: string;
  /** The realm range: traffic inside the VPC is never limited here. */
  readonly vpcCidr: string;
  /** The private (workload) subnets the ACL applies to. */
  readonly subnetIds: readonly string[];
  readonly name: string;
}

/** Rule numbers: baseline rules first; services take theirs from `SERVICE_RULE_BASE` up. */
export const ACL_RULE = { vpcAll: 100, https: 110, ntp: 120, returnTcp: 130, returnUdp: 140 } as const;
export const SERVICE_RULE_BASE = 200;

/**
 * Where node egress really is enforced. EKS nodes carry the cluster security group, whose
 * egress EKS opens to everywhere, and security groups only ever add permissions, so a port-limited
 * egress group would change nothing. A network ACL on the private subnets limits every packet
 * that leaves them for the internet: HTTPS (images, AWS APIs), NTP and the ports services add
 * (`addEgressPort`); traffic inside the VPC is untouched. ACLs are stateless: replies to those
 * connections come back on the Linux ephemeral ports (32768-65535), which keeps SSH and RDP
 * closed from the internet.
 */
export class AwsEgressAcl extends Construct {
  readonly aclId: string;
  private nextServiceRule = SERVICE_RULE_BASE;

  constructor(scope: Construct, id: string, props: AwsEgressAclProps) {
    super(scope, id);
    // Inline rules would be replaced by the separate rules services add; all rules are separate.
    const acl = new NetworkAcl(this, "acl", { vpcId: props.vpcId, subnetIds: [...props.subnetIds], tags: { Name: props.name } });
    this.aclId = acl.id;
    const rule = (
      ruleId: string,
      ruleNumber: number,
      egress: boolean,
      protocol: string,
      cidrBlock: string,
      from?: number,
      to?: number,
    ): void => {
      new NetworkAclRule(this, ruleId, {
        networkAclId: acl.id,
        ruleNumber,
        egress,
        protocol,
        ruleAction: "allow",
        cidrBlock,
        ...(from === undefined ? {} : { fromPort: from, toPort: to ?? from }),
      });
    };
    rule("egress-vpc", ACL_RULE.vpcAll, true, "-1", props.vpcCidr);
    rule("egress-https", ACL_RULE.https, true, "tcp", "0.0.0.0/0", 443);
    rule("egress-ntp", ACL_RULE.ntp, true, "udp", "0.0.0.0/0", 123);
    rule("ingress-vpc", ACL_RULE.vpcAll, false, "-1", props.vpcCidr);
    rule("ingress-return-tcp", ACL_RULE.returnTcp, false, "tcp", "0.0.0.0/0", 32768, 65535);
    rule("ingress-return-udp", ACL_RULE.returnUdp, false, "udp", "0.0.0.0/0", 32768, 65535);
  }

  /** Allows TCP egress to the internet on one more port (an external service's); HTTPS is always open. */
  addEgressPort(scope: Construct, id: string, port: number): void {
    if (port === 443) return;
    new NetworkAclRule(scope, id, {
      networkAclId: this.aclId,
      ruleNumber: this.nextServiceRule++,
      egress: true,
      protocol: "tcp",
      ruleAction: "allow",
      cidrBlock: "0.0.0.0/0",
      fromPort: port,
      toPort: port,
    });
  }
}
