import { defineResourceRule, failIfAny } from "../../types";
import { block, isFalse, isTrue, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-EKS-PRIVATE-ENDPOINT",
  title: "EKS API endpoints are private",
  description: "The Kubernetes API is reachable only from the realm network, not from the internet.",
  severity: "high",
  provider: "aws",
  resourceTypes: ["aws_eks_cluster"],
  publicIds: {
    checkov: ["CKV_AWS_39"],
    trivy: ["AWS-0040"],
    partial: {
      CKV_AWS_39: "public access only; private access must also be on here",
      "AWS-0040": "public access only; private access must also be on here",
    },
  },
  fix: "set `vpc_config.endpoint_public_access = false` and `vpc_config.endpoint_private_access = true`",
  check(r) {
    const vpc = block(r.values, "vpc_config");
    return failIfAny([
      // The provider's default for public access is true, so it must be switched off explicitly.
      ...(isFalse(vpc.endpoint_public_access)
        ? []
        : [`\`vpc_config.endpoint_public_access\` is ${show(vpc.endpoint_public_access)} (the default is true)`]),
      ...(isTrue(vpc.endpoint_private_access) ? [] : [`\`vpc_config.endpoint_private_access\` is ${show(vpc.endpoint_private_access)}`]),
    ]);
  },
});
