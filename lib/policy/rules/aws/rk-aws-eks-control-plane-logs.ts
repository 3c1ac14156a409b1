import { defineResourceRule, fail, pass } from "../../types";
import { asStringList } from "../../view/values";

const REQUIRED = ["api", "audit", "authenticator"];

export default defineResourceRule({
  id: "RK-AWS-EKS-CONTROL-PLANE-LOGS",
  title: "EKS sends API, audit and authenticator logs to CloudWatch",
  description: "Who did what to the cluster is recorded outside it.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_eks_cluster"],
  publicIds: {
    checkov: ["CKV_AWS_37"],
    trivy: ["AWS-0038"],
    partial: {
      CKV_AWS_37: "requires all five log types; api, audit and authenticator are required here",
      "AWS-0038": "requires all five log types; api, audit and authenticator are required here",
    },
  },
  fix: "set `enabled_cluster_log_types` to include api, audit and authenticator",
  check(r) {
    const enabled = asStringList(r.values.enabled_cluster_log_types);
    const missing = REQUIRED.filter((t) => !enabled.includes(t));
    return missing.length ? fail(`\`enabled_cluster_log_types\` lacks ${missing.join(", ")}`) : pass();
  },
});
