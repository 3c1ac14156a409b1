import { defineResourceRule, fail, failIfAny } from "../../types";
import type { ResourceView, StackView } from "../../view/types";
import { asNumber, asStringList, block, blocks, isSet, refersTo, sameText } from "../../view/values";

interface NsgRule {
  readonly where: string;
  readonly values: Record<string, unknown>;
}

const INTERNET = new Set(["internet", "*", "0.0.0.0/0", "any"]);
const outboundToInternet = (v: Record<string, unknown>): boolean =>
  sameText(v.direction, "Outbound") &&
  [...asStringList(v.destination_address_prefix), ...asStringList(v.destination_address_prefixes)].some((p) =>
    INTERNET.has(p.toLowerCase()),
  );
const allPorts = (v: Record<string, unknown>): boolean => {
  const specs = [...asStringList(v.destination_port_range), ...asStringList(v.destination_port_ranges)];
  return specs.some((s) => {
    const m = /^(\d+)-(\d+)$/.exec(s.trim());
    return s.trim() === "*" || (m !== null && Number(m[1]) <= 1 && Number(m[2]) >= 65535);
  });
};

function rulesOf(nsg: ResourceView, stack: StackView): NsgRule[] {
  const inline = blocks(nsg.values.security_rule).map((v) => ({ where: `${nsg.address} rule ${String(v.name ?? "")}`, values: v }));
  const separate = stack.resources
    .filter(
      (r) =>
        r.type === "azurerm_network_security_rule" &&
        (refersTo(r.values.network_security_group_name, nsg.address) ||
          (nsg.values.name !== undefined && r.values.network_security_group_name === nsg.values.name)),
    )
    .map((r) => ({ where: r.address, values: r.values as Record<string, unknown> }));
  return [...inline, ...separate];
}

/** The NSG associated with a subnet in this stack. */
function nsgOf(subnet: unknown, stack: StackView): ResourceView | undefined {
  const association = stack.resources.find(
    (r) => r.type === "azurerm_subnet_network_security_group_association" && r.values.subnet_id === subnet,
  );
  if (!association) return undefined;
  return stack.resources.find(
    (r) => r.type === "azurerm_network_security_group" && refersTo(association.values.network_security_group_id, r.address),
  );
}

export default defineResourceRule({
  id: "RK-AZURE-NSG-EGRESS-LIMITED",
  title: "Node egress to the internet is limited to listed ports",
  description:
    "Azure's default outbound rule allows the internet on every port, so the node subnet's NSG denies outbound Internet traffic after the allow rules for HTTPS, NTP and the realm's services, and no allow rule opens every port.",
  severity: "medium",
  provider: "azure",
  resourceTypes: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
  publicIds: {
    trivy: ["AZU-0051"],
    partial: { "AZU-0051": "fails any outbound allow to the internet; port-limited allows pass here when a deny-all stands behind them" },
  },
  fix: "associate an NSG with the node subnet that has an Outbound Deny to `Internet` on `*` with a priority after the allow rules (constructs/network/azure.ts); services add their ports as Outbound Allow rules",
  check(r, ctx) {
    const subnet = r.type === "azurerm_kubernetes_cluster" ? block(r.values, "default_node_pool").vnet_subnet_id : r.values.vnet_subnet_id;
    if (!isSet(subnet)) return fail("the pool has no `vnet_subnet_id`: AKS creates a subnet whose egress no NSG of this stack limits");
    const nsg = nsgOf(subnet, ctx.stack);
    if (!nsg) return fail(`no \`azurerm_subnet_network_security_group_association\` for ${String(subnet)} in this stack`);
    const rules = rulesOf(nsg, ctx.stack).filter((x) => outboundToInternet(x.values));
    const priority = (x: NsgRule): number => asNumber(x.values.priority) ?? 4096;
    const denies = rules.filter(
      (x) =>
        sameText(x.values.access, "Deny") && allPorts(x.values) && (sameText(x.values.protocol, "*") || x.values.protocol === undefined),
    );
    if (denies.length === 0)
      return fail(`${nsg.address} has no Outbound Deny to Internet on every port: Azure's default rule allows all egress`);
    const deny = Math.min(...denies.map(priority));
    const open = rules.filter((x) => sameText(x.values.access, "Allow") && priority(x) < deny && allPorts(x.values));
    return failIfAny(open.map((x) => `${x.where} allows every port to the internet ahead of the deny`));
  },
});
