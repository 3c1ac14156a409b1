import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { blocks } from "../../view/values";

/** Proxy and PSC subnets carry no VM traffic and cannot have flow logs. */
export const SPECIAL_PURPOSES = new Set([
  "REGIONAL_MANAGED_PROXY",
  "GLOBAL_MANAGED_PROXY",
  "PRIVATE_SERVICE_CONNECT",
  "INTERNAL_HTTPS_LOAD_BALANCER",
]);

export default defineResourceRule({
  id: "RK-GCP-SUBNET-FLOW-LOGS",
  title: "Subnets record VPC flow logs",
  description: "Flow logs are the record of who talked to what inside the realm network.",
  severity: "medium",
  provider: "gcp",
  resourceTypes: ["google_compute_subnetwork"],
  publicIds: { checkov: ["CKV_GCP_26"], trivy: ["GCP-0029", "GCP-0076"] },
  fix: "add a `log_config` block (aggregation_interval, flow_sampling, metadata) to the subnetwork",
  check(r) {
    if (SPECIAL_PURPOSES.has(String(r.values.purpose))) return notApplicable(`${String(r.values.purpose)} subnets cannot have flow logs`);
    return blocks(r.values.log_config).length > 0 ? pass() : fail("no `log_config`: flow logs are off");
  },
});
