import { defineResourceRule, fail, pass } from "../../types";
import { block, isTrue, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-GKE-BINARY-AUTHORIZATION",
  title: "GKE enforces Binary Authorization",
  description: "Only images the project's Binary Authorization policy admits start in the cluster.",
  severity: "medium",
  provider: "gcp",
  resourceTypes: ["google_container_cluster"],
  publicIds: { checkov: ["CKV_GCP_66"] },
  fix: 'set `binary_authorization { evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE" }` and create the project policy (docs/gcp.md)',
  check(r) {
    const ba = block(r.values, "binary_authorization");
    const mode = ba.evaluation_mode;
    if (typeof mode === "string" && mode.toUpperCase() === "PROJECT_SINGLETON_POLICY_ENFORCE") return pass();
    if (mode === undefined && (isTrue(ba.enabled) || isTrue(r.values.enable_binary_authorization))) return pass("legacy enabled flag");
    return fail(`\`binary_authorization.evaluation_mode\` is ${show(mode)}`);
  },
});
