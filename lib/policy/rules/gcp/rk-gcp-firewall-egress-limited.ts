import { defineResourceRule, fail, pass } from "../../types";
import type { ResourceView } from "../../view/types";
import { asNumber, asStringList, blocks, isSet, isTrue, refersTo } from "../../view/values";
import { isOpenSource } from "../helpers";

/** A rule with no target tags or service accounts applies to every instance of the network, nodes included. */
const appliesToAll = (f: ResourceView): boolean =>
  asStringList(f.values.target_tags).length === 0 && asStringList(f.values.target_service_accounts).length === 0;

/** The firewall priority (GCP's default 1000; lower numbers win). */
const priorityOf = (f: ResourceView): number => asNumber(f.values.priority) ?? 1000;

const toInternet = (f: ResourceView): boolean =>
  String(f.values.direction ?? "INGRESS").toUpperCase() === "EGRESS" &&
  !isTrue(f.values.disabled) &&
  isOpenSource(f.values.destination_ranges ?? "0.0.0.0/0");

/** Whether an allow block covers every port: protocol all, or tcp without ports. */
function everyPort(allow: Record<string, unknown>): boolean {
  const proto = String(allow.protocol ?? "").toLowerCase();
  if (proto === "all") return true;
  const ports = asStringList(allow.ports);
  return proto === "tcp" && (ports.length === 0 || ports.some((p) => p === "0-65535" || p === "1-65535"));
}

export default defineResourceRule({
  id: "RK-GCP-FIREWALL-EGRESS-LIMITED",
  title: "Cluster egress to the internet is limited to listed ports",
  description:
    "GCP's implied rule allows all egress, so port rules change nothing without an explicit deny: the cluster's network denies egress to 0.0.0.0/0 for every instance, below the allow rules for HTTPS and the realm's services, and no rule opens every port.",
  severity: "medium",
  provider: "gcp",
  resourceTypes: ["google_container_cluster"],
  publicIds: {
    trivy: ["GCP-0035"],
    partial: {
      "GCP-0035": "fails any egress allow to 0.0.0.0/0; port-limited allows pass here when a lower-priority deny-all stands behind them",
    },
  },
  fix: 'add a `google_compute_firewall` on the cluster\'s network: direction EGRESS, destination 0.0.0.0/0, `deny { protocol = "all" }`, priority below the allow rules (constructs/network/gcp.ts); open service ports with tcp allow rules',
  check(r, ctx) {
    const network = r.values.network;
    if (!isSet(network)) return fail("the cluster names no `network`: the default network has no egress limit");
    const firewalls = ctx.stack.resources.filter(
      (f) =>
        f.type === "google_compute_firewall" &&
        (f.values.network === network ||
          (typeof network === "string" &&
            /^\$\{google_compute_network\.[^.]+/.test(network) &&
            refersTo(f.values.network, network.slice(2).split(".").slice(0, 2).join(".")))),
    );
    const denies = firewalls.filter(
      (f) => toInternet(f) && appliesToAll(f) && blocks(f.values.deny).some((d) => String(d.protocol).toLowerCase() === "all"),
    );
    if (denies.length === 0)
      return fail("no firewall on the cluster's network denies all egress to 0.0.0.0/0: GCP's implied rule allows every port");
    const deny = Math.min(...denies.map(priorityOf));
    const open = firewalls.filter((f) => toInternet(f) && priorityOf(f) <= deny && blocks(f.values.allow).some(everyPort));
    return open.length ? fail(`${open.map((f) => f.address).join(", ")} allow every port to the internet ahead of the deny`) : pass();
  },
});
