import { defineResourceRule, fail, pass } from "../../types";
import { asStringList, blocks } from "../../view/values";
import { adminPortsIn, isOpenSource } from "../helpers";

interface Ingress {
  readonly cidrs: readonly string[];
  readonly from: unknown;
  readonly to: unknown;
  readonly protocol: unknown;
}

function exposed(rules: readonly Ingress[]): number[] {
  const ports = new Set<number>();
  for (const rule of rules) {
    if (!isOpenSource(rule.cidrs)) continue;
    const proto = String(rule.protocol ?? "").toLowerCase();
    if (proto === "-1" || proto === "all") adminPortsIn("*").forEach((p) => ports.add(p));
    else if (proto === "tcp" || proto === "6") adminPortsIn(rule.from, rule.to).forEach((p) => ports.add(p));
  }
  return [...ports].sort((a, b) => a - b);
}

function ingressOf(type: string, values: Record<string, unknown>): Ingress[] {
  switch (type) {
    case "aws_security_group":
      return blocks(values.ingress).map((i) => ({
        cidrs: [...asStringList(i.cidr_blocks), ...asStringList(i.ipv6_cidr_blocks)],
        from: i.from_port,
        to: i.to_port,
        protocol: i.protocol,
      }));
    case "aws_security_group_rule":
      return values.type === "ingress"
        ? [
            {
              cidrs: [...asStringList(values.cidr_blocks), ...asStringList(values.ipv6_cidr_blocks)],
              from: values.from_port,
              to: values.to_port,
              protocol: values.protocol,
            },
          ]
        : [];
    default:
      return [
        {
          cidrs: [...asStringList(values.cidr_ipv4), ...asStringList(values.cidr_ipv6)],
          from: values.from_port,
          to: values.to_port,
          protocol: values.ip_protocol,
        },
      ];
  }
}

export default defineResourceRule({
  id: "RK-AWS-SG-NO-ADMIN-INGRESS",
  title: "Security groups do not open SSH or RDP to the internet",
  description: "Ports 22 and 3389 are never reachable from 0.0.0.0/0 or ::/0; administration goes through private access.",
  severity: "critical",
  provider: "aws",
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  publicIds: { checkov: ["CKV_AWS_24", "CKV_AWS_25"], trivy: ["AWS-0107"] },
  fix: "restrict the rule's source to the realm network or remove it; use SSM Session Manager for administration",
  check(r) {
    const ports = exposed(ingressOf(r.type, r.values as Record<string, unknown>));
    return ports.length ? fail(`ingress from the internet to port ${ports.join(" and ")}`) : pass();
  },
});
