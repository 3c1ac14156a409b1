import { defineResourceRule, failIfAny, notApplicable } from "../../types";
import { blocks, dig, isTrue, show } from "../../view/values";

/** What is wrong with one pool's `node_config` (absent: GKE's defaults, which lack secure boot). */
function poolProblems(nodeConfig: unknown, where: string): string[] {
  const mode = dig(nodeConfig, "workload_metadata_config", "mode");
  return [
    ...(mode === "GKE_METADATA" ? [] : [`\`${where}workload_metadata_config.mode\` is ${show(mode)}`]),
    ...(isTrue(dig(nodeConfig, "shielded_instance_config", "enable_secure_boot"))
      ? []
      : [`\`${where}shielded_instance_config.enable_secure_boot\` is not true`]),
  ];
}

export default defineResourceRule({
  id: "RK-GCP-GKE-NODE-METADATA",
  title: "GKE nodes hide instance metadata and boot securely",
  description:
    "The GKE metadata server keeps pods away from node credentials; secure boot refuses unsigned boot components. Every pool is checked: separate node pools, pools written inside the cluster, and the default pool a cluster keeps.",
  severity: "high",
  provider: "gcp",
  resourceTypes: ["google_container_node_pool", "google_container_cluster"],
  publicIds: {
    checkov: ["CKV_GCP_69", "CKV_GCP_68"],
    trivy: ["GCP-0057"],
    partial: { "GCP-0057": "fails only the legacy metadata modes; GKE_METADATA is required here" },
  },
  fix: 'set `node_config { workload_metadata_config { mode = "GKE_METADATA" }, shielded_instance_config { enable_secure_boot = true } }` on every pool, or `remove_default_node_pool = true` with separate pools',
  check(r) {
    if (r.type === "google_container_node_pool") return failIfAny(poolProblems(r.values.node_config, "node_config."));
    if (isTrue(r.values.enable_autopilot))
      return notApplicable("Autopilot: Google runs the nodes with the metadata server and secure boot");
    const inline = blocks(r.values.node_pool);
    // Pools written inside the cluster replace the default pool.
    if (inline.length > 0)
      return failIfAny(inline.flatMap((p, i) => poolProblems(p.node_config, `node_pool[${String(p.name ?? i)}].node_config.`)));
    if (isTrue(r.values.remove_default_node_pool))
      return notApplicable("the default node pool is removed: node pools are checked on their own");
    // The cluster keeps its default pool, configured by the cluster's own `node_config`.
    return failIfAny(poolProblems(r.values.node_config, "node_config."));
  },
});
