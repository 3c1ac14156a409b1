import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { isTrue } from "../../view/values";
import { SPECIAL_PURPOSES } from "./rk-gcp-subnet-flow-logs";

export default defineResourceRule({
  id: "RK-GCP-SUBNET-PRIVATE-GOOGLE-ACCESS",
  title: "Subnets reach Google APIs privately",
  description: "Private Google Access lets nodes without public IPs call Google APIs without a path through the internet.",
  severity: "low",
  provider: "gcp",
  resourceTypes: ["google_compute_subnetwork"],
  publicIds: { checkov: ["CKV_GCP_74"], trivy: ["GCP-0075"] },
  fix: "set `private_ip_google_access = true`",
  check(r) {
    if (SPECIAL_PURPOSES.has(String(r.values.purpose))) return notApplicable(`${String(r.values.purpose)} subnets host no VMs`);
    return isTrue(r.values.private_ip_google_access) ? pass() : fail("`private_ip_google_access` is not true");
  },
});
