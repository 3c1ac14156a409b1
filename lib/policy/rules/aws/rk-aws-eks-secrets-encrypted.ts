import { defineResourceRule, fail, pass } from "../../types";
import { asStringList, blocks, dig, isSet } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-EKS-SECRETS-ENCRYPTED",
  title: "EKS encrypts Kubernetes secrets with a KMS key",
  description: "Envelope encryption of secrets in etcd with the realm key.",
  severity: "high",
  provider: "aws",
  resourceTypes: ["aws_eks_cluster"],
  publicIds: { checkov: ["CKV_AWS_58"], trivy: ["AWS-0039"] },
  fix: 'add `encryption_config { resources = ["secrets"], provider { key_arn = <realm key ARN> } }`',
  check(r) {
    const ok = blocks(r.values.encryption_config).some(
      (c) => asStringList(c.resources).includes("secrets") && isSet(dig(c, "provider", "key_arn")),
    );
    return ok ? pass() : fail("no `encryption_config` for `secrets` with a KMS `key_arn`");
  },
});
