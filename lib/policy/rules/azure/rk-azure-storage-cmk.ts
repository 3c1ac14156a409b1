import { defineResourceRule, fail, pass } from "../../types";
import { blocks, pointingAt } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-STORAGE-CMK",
  title: "Storage accounts encrypt with a customer-managed key",
  description: "Data in the account is encrypted with the realm's Key Vault key.",
  severity: "high",
  provider: "azure",
  resourceTypes: ["azurerm_storage_account"],
  publicIds: { checkov: ["CKV2_AZURE_1"], trivy: ["AZU-0060"] },
  fix: "add a `customer_managed_key` block or an `azurerm_storage_account_customer_managed_key` for the account",
  check(r, ctx) {
    if (blocks(r.values.customer_managed_key).length > 0) return pass();
    const separate = pointingAt(ctx.stack, r, ["azurerm_storage_account_customer_managed_key"], "storage_account_id", ["id"]);
    return separate.length ? pass() : fail("no customer-managed key (Microsoft-managed keys only)");
  },
});
