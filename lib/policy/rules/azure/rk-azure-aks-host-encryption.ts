import { defineResourceRule, fail, pass } from "../../types";
import { block, isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-AKS-HOST-ENCRYPTION",
  title: "AKS node pools encrypt at host",
  description: "Temp disks, disk caches and the data flowing to storage are encrypted on the VM host of every node.",
  severity: "medium",
  provider: "azure",
  resourceTypes: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
  publicIds: { checkov: ["CKV_AZURE_227"] },
  fix: "set `host_encryption_enabled = true` on `default_node_pool` and on every `azurerm_kubernetes_cluster_node_pool` (register Microsoft.Compute/EncryptionAtHost first)",
  check(r) {
    const values = r.type === "azurerm_kubernetes_cluster" ? block(r.values, "default_node_pool") : r.values;
    // azurerm 3.x named it enable_host_encryption.
    return isTrue(values.host_encryption_enabled) || isTrue(values.enable_host_encryption)
      ? pass()
      : fail(`${r.type === "azurerm_kubernetes_cluster" ? "`default_node_pool`" : "the pool"} does not encrypt at host`);
  },
});
