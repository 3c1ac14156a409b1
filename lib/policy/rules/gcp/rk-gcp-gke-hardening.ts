import { defineResourceRule, failIfAny } from "../../types";
import { block, isFalse, isTrue, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-GKE-HARDENING",
  title: "GKE enforces network policy, shielded nodes, workload identity and a release channel",
  description: "The cluster-level settings that CIS GKE benchmarks ask for.",
  severity: "high",
  provider: "gcp",
  resourceTypes: ["google_container_cluster"],
  publicIds: {
    checkov: ["CKV_GCP_12", "CKV_GCP_71", "CKV_GCP_70", "CKV_GCP_7"],
    trivy: ["GCP-0056", "GCP-0055", "GCP-0062"],
    partial: {
      CKV_GCP_12: "the `network_policy` block only; Dataplane V2 also passes here",
      "GCP-0056": "the `network_policy` block only; Dataplane V2 also passes here",
    },
  },
  fix: 'enable `network_policy` (or `datapath_provider = "ADVANCED_DATAPATH"`), keep `enable_shielded_nodes`, set `workload_identity_config` and `release_channel`, never `enable_legacy_abac`',
  check(r) {
    const v = r.values;
    const dataplaneV2 = v.datapath_provider === "ADVANCED_DATAPATH";
    const channel = block(v, "release_channel").channel;
    return failIfAny([
      ...(dataplaneV2 || isTrue(block(v, "network_policy").enabled)
        ? []
        : ["no network policy enforcement (`network_policy.enabled` or Dataplane V2)"]),
      ...(isFalse(v.enable_shielded_nodes) ? ["`enable_shielded_nodes = false`"] : []),
      ...(block(v, "workload_identity_config").workload_pool ? [] : ["no `workload_identity_config.workload_pool`"]),
      ...(typeof channel === "string" && channel !== "UNSPECIFIED" ? [] : [`\`release_channel.channel\` is ${show(channel)}`]),
      ...(isTrue(v.enable_legacy_abac) ? ["`enable_legacy_abac = true`"] : []),
    ]);
  },
});
