import { defineResourceRule, fail, pass } from "../../types";
import { block, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-IMDSV2",
  title: "Instances require IMDSv2 session tokens",
  description: "IMDSv2 blocks the SSRF path to instance credentials that IMDSv1 leaves open.",
  severity: "high",
  provider: "aws",
  resourceTypes: ["aws_launch_template", "aws_instance"],
  publicIds: { checkov: ["CKV_AWS_79"], trivy: ["AWS-0028", "AWS-0130"] },
  fix: 'set `metadata_options { http_tokens = "required" }`',
  check(r) {
    const tokens = block(r.values, "metadata_options").http_tokens;
    return tokens === "required" ? pass() : fail(`\`metadata_options.http_tokens\` is ${show(tokens)}`);
  },
});
