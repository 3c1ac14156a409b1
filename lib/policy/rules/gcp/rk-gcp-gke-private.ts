import { defineResourceRule, failIfAny } from "../../types";
import { block, isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-GKE-PRIVATE",
  title: "GKE has private nodes, a private endpoint and authorized networks",
  description: "Nodes have no public IPs and the control plane is reachable only from listed networks.",
  severity: "high",
  provider: "gcp",
  resourceTypes: ["google_container_cluster"],
  publicIds: { checkov: ["CKV_GCP_25", "CKV_GCP_18", "CKV_GCP_20"], trivy: ["GCP-0059", "GCP-0053"] },
  fix: "set `private_cluster_config { enable_private_nodes = true, enable_private_endpoint = true }` and a `master_authorized_networks_config`",
  check(r) {
    const pcc = block(r.values, "private_cluster_config");
    return failIfAny([
      ...(isTrue(pcc.enable_private_nodes) ? [] : ["`private_cluster_config.enable_private_nodes` is not true"]),
      ...(isTrue(pcc.enable_private_endpoint) ? [] : ["`private_cluster_config.enable_private_endpoint` is not true"]),
      ...(r.values.master_authorized_networks_config !== undefined && r.values.master_authorized_networks_config !== null
        ? []
        : ["no `master_authorized_networks_config`"]),
    ]);
  },
});
