import { defineResourceRule, fail, pass } from "../../types";
import { block, sameText, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-KEYVAULT-NETWORK-DENY",
  title: "Key Vaults deny network access by default",
  description: "Only listed networks and private endpoints reach the vault.",
  severity: "high",
  provider: "azure",
  resourceTypes: ["azurerm_key_vault"],
  publicIds: { checkov: ["CKV_AZURE_109"], trivy: ["AZU-0013"] },
  fix: 'set `network_acls { default_action = "Deny", bypass = "AzureServices" }`',
  check(r) {
    const action = block(r.values, "network_acls").default_action;
    return sameText(action, "Deny") ? pass() : fail(`\`network_acls.default_action\` is ${show(action)}`);
  },
});
