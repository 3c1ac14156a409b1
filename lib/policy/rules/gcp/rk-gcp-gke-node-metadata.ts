import { defineResourceRule, failIfAny, notApplicable } from "../../types";
import { dig, isTrue, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-GKE-NODE-METADATA",
  title: "GKE nodes hide instance metadata and boot securely",
  description: "The GKE metadata server keeps pods away from node credentials; secure boot refuses unsigned boot components.",
  severity: "high",
  profiles: ["baseline"],
  provider: "gcp",
  resourceTypes: ["google_container_node_pool", "google_container_cluster"],
  publicIds: { checkov: ["CKV_GCP_69", "CKV_GCP_68"] },
  fix: "set `node_config { workload_metadata_config { mode = \"GKE_METADATA\" }, shielded_instance_config { enable_secure_boot = true } }`",
  check(r) {
    if (r.type === "google_container_cluster" && (isTrue(r.values.remove_default_node_pool) || r.values.node_config === undefined)) {
      return notApplicable("no default node pool: node pools are checked on their own");
    }
    const mode = dig(r.values, "node_config", "workload_metadata_config", "mode");
    return failIfAny([
      ...(mode === "GKE_METADATA" ? [] : [`\`node_config.workload_metadata_config.mode\` is ${show(mode)}`]),
      ...(isTrue(dig(r.values, "node_config", "shielded_instance_config", "enable_secure_boot")) ? [] : ["`node_config.shielded_instance_config.enable_secure_boot` is not true"]),
    ]);
  },
});
