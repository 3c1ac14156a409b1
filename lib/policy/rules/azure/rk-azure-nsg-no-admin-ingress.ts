import { defineResourceRule, fail, pass } from "../../types";
import { asStringList, blocks, sameText } from "../../view/values";
import { adminPortsInSpec, isOpenSource } from "../helpers";

function exposed(rule: Record<string, unknown>): number[] {
  // The Azure API compares these case-insensitively: `Inbound`/`inbound`, `Allow`/`allow`, `Tcp`/`TCP`.
  if (!sameText(rule.direction, "Inbound") || !sameText(rule.access, "Allow")) return [];
  const protocol = rule.protocol ?? "*";
  if (!sameText(protocol, "*") && !sameText(protocol, "tcp")) return [];
  const sources = [...asStringList(rule.source_address_prefix), ...asStringList(rule.source_address_prefixes)];
  if (!isOpenSource(sources)) return [];
  return adminPortsInSpec([...asStringList(rule.destination_port_range), ...asStringList(rule.destination_port_ranges)]);
}

export default defineResourceRule({
  id: "RK-AZURE-NSG-NO-ADMIN-INGRESS",
  title: "Network security groups do not open SSH or RDP to the internet",
  description: "Ports 22 and 3389 are never reachable from Internet, *, or 0.0.0.0/0; administration goes through Bastion.",
  severity: "critical",
  provider: "azure",
  resourceTypes: ["azurerm_network_security_rule", "azurerm_network_security_group"],
  publicIds: { checkov: ["CKV_AZURE_10", "CKV_AZURE_9"], trivy: ["AZU-0050", "AZU-0048"] },
  fix: "limit the rule's source to the realm network (or use Azure Bastion) or remove it",
  check(r) {
    const rules = r.type === "azurerm_network_security_group" ? blocks(r.values.security_rule) : [r.values as Record<string, unknown>];
    const ports = [...new Set(rules.flatMap(exposed))].sort((a, b) => a - b);
    return ports.length ? fail(`inbound from the internet to port ${ports.join(" and ")}`) : pass();
  },
});
