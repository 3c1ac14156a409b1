import { defineResourceRule, fail, pass } from "../../types";
import { asNumber, block, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-EKS-NODE-METADATA-HOP-LIMIT",
  title: "Node instance metadata answers the node only (hop limit 1)",
  description:
    "With a response hop limit of 1, containers cannot reach instance metadata and borrow the node role; pods get their own credentials through IRSA.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_launch_template"],
  publicIds: {
    checkov: ["CKV_AWS_341"],
    partial: { CKV_AWS_341: "also covers launch configurations; here a realm may raise the limit to 2 with a recorded reason" },
  },
  fix: "set `metadata_options { http_put_response_hop_limit = 1 }`; a realm whose workloads need 2 says so with `cluster.metadataHopLimit: { value: 2, reason: ... }`",
  check(r, ctx) {
    const raw = block(r.values, "metadata_options").http_put_response_hop_limit;
    // EC2 answers with hop limit 1 when the template leaves it unset.
    const hops = raw === undefined || raw === null ? 1 : asNumber(raw);
    if (hops === 1) return pass();
    const raised = ctx.realm?.config.cluster?.metadataHopLimit;
    if (raised && hops === raised.value) return pass(`raised to ${hops} by the realm: ${raised.reason}`);
    return fail(`\`metadata_options.http_put_response_hop_limit\` is ${show(raw)}: containers reach the node's credentials`);
  },
});
