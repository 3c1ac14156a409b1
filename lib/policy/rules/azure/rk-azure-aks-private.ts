import { defineResourceRule, fail, pass } from "../../types";
import { isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-AKS-PRIVATE",
  title: "AKS API servers are private",
  description: "The Kubernetes API is reachable only from the realm network.",
  severity: "high",
  provider: "azure",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  publicIds: { checkov: ["CKV_AZURE_115"], trivy: ["AZU-0065"] },
  fix: "set `private_cluster_enabled = true`",
  check(r) {
    return isTrue(r.values.private_cluster_enabled) ? pass() : fail("`private_cluster_enabled` is not true");
  },
});
