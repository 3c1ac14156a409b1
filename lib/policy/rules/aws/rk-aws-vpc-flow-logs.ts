import { defineResourceRule, fail, pass } from "../../types";
import { pointingAt } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-VPC-FLOW-LOGS",
  title: "VPCs record all traffic in flow logs",
  description: "Flow logs are the record of who talked to what inside the realm network.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_vpc"],
  publicIds: {
    checkov: ["CKV2_AWS_11"],
    trivy: ["AWS-0178"],
    partial: {
      CKV2_AWS_11: "any flow log; traffic type ALL is required here",
      "AWS-0178": "any flow log; traffic type ALL is required here",
    },
  },
  fix: 'add an `aws_flow_log` with `vpc_id` set to the VPC and `traffic_type = "ALL"`',
  check(r, ctx) {
    const logs = pointingAt(ctx.stack, r, ["aws_flow_log"], "vpc_id", ["id"]);
    if (logs.length === 0) return fail("no `aws_flow_log` for this VPC");
    const all = logs.some((l) => l.values.traffic_type === undefined || l.values.traffic_type === "ALL");
    return all ? pass() : fail(`flow logs record ${String(logs[0]!.values.traffic_type)} traffic only, not ALL`);
  },
});
