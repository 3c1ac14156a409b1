import { defineResourceRule, fail, pass } from "../../types";
import { isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-KEYVAULT-PURGE-PROTECTION",
  title: "Key Vaults have purge protection",
  description: "A deleted vault (and its keys) stays recoverable for the whole soft-delete period.",
  severity: "high",
  provider: "azure",
  resourceTypes: ["azurerm_key_vault"],
  publicIds: { checkov: ["CKV_AZURE_110"], trivy: ["AZU-0016"] },
  fix: "set `purge_protection_enabled = true`",
  check(r) {
    return isTrue(r.values.purge_protection_enabled) ? pass() : fail("`purge_protection_enabled` is not true");
  },
});
