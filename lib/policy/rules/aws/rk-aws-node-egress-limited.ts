import { defineResourceRule, fail, failIfAny, pass } from "../../types";
import type { ResourceView, StackView } from "../../view/types";
import { asNumber, asStringList, blocks, isTrue, refersTo, sameText } from "../../view/values";
import { isOpenSource } from "../helpers";

interface AclEntry {
  readonly where: string;
  readonly cidrs: readonly string[];
  readonly protocol: unknown;
  readonly from: unknown;
  readonly to: unknown;
  readonly action: unknown;
}

/** An allow entry to the internet that covers every port (all protocols, or tcp/udp 0-65535). */
function allowsEverything(e: AclEntry): boolean {
  if (!sameText(e.action, "allow") || !isOpenSource(e.cidrs)) return false;
  const proto = String(e.protocol ?? "").toLowerCase();
  if (proto === "-1" || proto === "all") return true;
  const lo = asNumber(e.from);
  const hi = asNumber(e.to);
  return (proto === "tcp" || proto === "6") && lo !== undefined && hi !== undefined && lo <= 1 && hi >= 65535;
}

function egressOf(acl: ResourceView, stack: StackView): AclEntry[] {
  const inline = blocks(acl.values.egress).map((e) => ({
    where: `${acl.address} egress rule ${String(e.rule_no ?? "")}`.trim(),
    cidrs: [...asStringList(e.cidr_block), ...asStringList(e.ipv6_cidr_block)],
    protocol: e.protocol,
    from: e.from_port,
    to: e.to_port,
    action: e.action,
  }));
  const separate = stack.resources
    .filter((r) => r.type === "aws_network_acl_rule" && isTrue(r.values.egress) && refersTo(r.values.network_acl_id, acl.address))
    .map((r) => ({
      where: r.address,
      cidrs: [...asStringList(r.values.cidr_block), ...asStringList(r.values.ipv6_cidr_block)],
      protocol: r.values.protocol,
      from: r.values.from_port,
      to: r.values.to_port,
      action: r.values.rule_action,
    }));
  return [...inline, ...separate];
}

/** The network ACL a subnet is associated with in this stack, by `subnet_ids` or an association. */
function aclOf(subnet: string, stack: StackView): ResourceView | undefined {
  const acls = stack.resources.filter((r) => r.type === "aws_network_acl");
  const direct = acls.find((a) => asStringList(a.values.subnet_ids).includes(subnet));
  if (direct) return direct;
  const association = stack.resources.find((r) => r.type === "aws_network_acl_association" && r.values.subnet_id === subnet);
  return association ? acls.find((a) => refersTo(association.values.network_acl_id, a.address)) : undefined;
}

export default defineResourceRule({
  id: "RK-AWS-NODE-EGRESS-LIMITED",
  title: "Node egress to the internet is limited to listed ports",
  description:
    "EKS opens the cluster security group's egress to everywhere and security groups only add permissions, so the limit sits in a network ACL on the node subnets: traffic inside the VPC is free, the internet is reachable on HTTPS, NTP and the ports the realm's services declare.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_eks_node_group"],
  publicIds: {
    checkov: ["CKV2_AWS_1"],
    trivy: ["AWS-0104"],
    partial: {
      CKV2_AWS_1: "checks only that network ACLs are attached to subnets; the port limit is checked here too",
      "AWS-0104": "judges security group egress; EKS nodes are limited by the subnet network ACL here",
    },
  },
  fix: "put the node subnets in an `aws_network_acl` (constructs/network/aws-egress-acl.ts) whose egress to 0.0.0.0/0 allows only listed ports; services add theirs with `addEgressPort`",
  check(r, ctx) {
    const subnets = asStringList(r.values.subnet_ids);
    if (subnets.length === 0) return fail("`subnet_ids` is not a list the checker can read");
    const problems: string[] = [];
    for (const subnet of subnets) {
      const acl = aclOf(subnet, ctx.stack);
      if (!acl) {
        problems.push(`subnet ${subnet} has no network ACL in this stack: the VPC's default ACL allows all egress`);
        continue;
      }
      const open = egressOf(acl, ctx.stack).filter(allowsEverything);
      for (const e of open) problems.push(`${e.where} allows every port to the internet`);
    }
    return problems.length ? failIfAny([...new Set(problems)]) : pass("node subnets limit internet egress by port");
  },
});
