import { defineResourceRule, fail, pass } from "../../types";
import { block, isSet } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-AKS-NETWORK-POLICY",
  title: "AKS enforces Kubernetes network policies",
  description: "Pods talk only where a NetworkPolicy allows it.",
  severity: "medium",
  provider: "azure",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  publicIds: { checkov: ["CKV_AZURE_7"], trivy: ["AZU-0043"] },
  fix: 'set `network_profile { network_policy = "azure" }` (or calico / cilium)',
  check(r) {
    return isSet(block(r.values, "network_profile").network_policy) ? pass() : fail("`network_profile.network_policy` is not set");
  },
});
