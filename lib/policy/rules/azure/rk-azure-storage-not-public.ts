import { defineResourceRule, failIfAny } from "../../types";
import { isFalse, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-STORAGE-NOT-PUBLIC",
  title: "Storage accounts have no public network access and no public containers",
  description: "The account is reached through private endpoints only, and no container can allow anonymous reads.",
  severity: "critical",
  provider: "azure",
  resourceTypes: ["azurerm_storage_account"],
  publicIds: {
    checkov: ["CKV_AZURE_59", "CKV_AZURE_190"],
    trivy: ["AZU-0007"],
    partial: { "AZU-0007": "container access types only; account-level settings are checked here" },
  },
  fix: "set `public_network_access_enabled = false` and `allow_nested_items_to_be_public = false` (both default to true)",
  check(r) {
    return failIfAny([
      ...(isFalse(r.values.public_network_access_enabled)
        ? []
        : [`\`public_network_access_enabled\` is ${show(r.values.public_network_access_enabled)} (the default is true)`]),
      ...(isFalse(r.values.allow_nested_items_to_be_public)
        ? []
        : [`\`allow_nested_items_to_be_public\` is ${show(r.values.allow_nested_items_to_be_public)} (the default is true)`]),
    ]);
  },
});
