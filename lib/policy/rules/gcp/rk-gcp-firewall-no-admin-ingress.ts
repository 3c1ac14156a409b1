import { defineResourceRule, fail, pass } from "../../types";
import { blocks } from "../../view/values";
import { adminPortsInSpec, isOpenSource } from "../helpers";

export default defineResourceRule({
  id: "RK-GCP-FIREWALL-NO-ADMIN-INGRESS",
  title: "Firewall rules do not open SSH or RDP to the internet",
  description: "Ports 22 and 3389 are never reachable from 0.0.0.0/0; administration goes through IAP.",
  severity: "critical",
  provider: "gcp",
  resourceTypes: ["google_compute_firewall"],
  publicIds: { checkov: ["CKV_GCP_2", "CKV_GCP_3"], trivy: ["GCP-0071", "GCP-0070"] },
  fix: "limit `source_ranges` to the realm network or IAP's 35.235.240.0/20, or remove the rule",
  check(r) {
    const direction = String(r.values.direction ?? "INGRESS").toUpperCase();
    if (direction !== "INGRESS" || !isOpenSource(r.values.source_ranges)) return pass();
    const ports = new Set<number>();
    for (const allow of blocks(r.values.allow)) {
      const proto = String(allow.protocol).toLowerCase();
      if (proto === "all") adminPortsInSpec("*").forEach((p) => ports.add(p));
      else if (proto === "tcp")
        adminPortsInSpec(allow.ports === undefined || (Array.isArray(allow.ports) && allow.ports.length === 0) ? "*" : allow.ports).forEach(
          (p) => ports.add(p),
        );
    }
    return ports.size ? fail(`ingress from 0.0.0.0/0 to port ${[...ports].sort((a, b) => a - b).join(" and ")}`) : pass();
  },
});
