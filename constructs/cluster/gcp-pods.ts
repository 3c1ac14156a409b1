import { RealmkitError } from "../../lib/config/errors";
import { parseCidr } from "../../lib/model/cidr";

/** GKE's ceiling for pods per node on Standard clusters, which takes a /24 per node. */
export const GKE_MAX_PODS_PER_NODE = 110;
/** GKE's floor: 8 pods take a /28 per node. */
const GKE_MIN_PODS_PER_NODE = 8;

/**
 * Pods per node so that every node a cluster may ever run fits into the pod range.
 *
 * GKE gives each node a slice of the pod range twice the size of its pod limit, rounded up to
 * a power of two (110 pods → /24, 64 → /25, 32 → /26, 16 → /27, 8 → /28). A realm's pod range
 * is a fixed share of its network, so instead of letting node creation fail when the range
 * runs out, the limit shrinks until `maxNodes` nodes (all pools at their maximum, plus one
 * surge node per pool and zone during upgrades) fit.
 */
export function gkeMaxPodsPerNode(podsCidr: string, maxNodes: number, realm?: string): number {
  const range = parseCidr(podsCidr);
  if (!range) throw new RangeError(`${podsCidr} is not a valid IPv4 CIDR`);
  const addresses = 2 ** (32 - range.prefix);
  const perNode = 2 ** Math.floor(Math.log2(addresses / Math.max(1, maxNodes)));
  const maxPods = perNode >= 256 ? GKE_MAX_PODS_PER_NODE : perNode / 2;
  if (maxPods < GKE_MIN_PODS_PER_NODE) {
    throw new RealmkitError(
      "RK-GCP-CLUSTER-PODS",
      `the pod range ${podsCidr} (${addresses} addresses) cannot hold ${maxNodes} nodes with at least ${GKE_MIN_PODS_PER_NODE} pods each`,
      {
        realm,
        value: maxNodes,
        fix: "lower the node pools' max, or give the realm a larger network (the pod range is half of it)",
      },
    );
  }
  return maxPods;
}

/**
 * The most nodes a GKE cluster may run: every pool at its maximum plus one surge node per pool
 * and zone during upgrades. The construct and `realmkit validate` size the pod range by it.
 */
export function gkeMaxNodes(pools: readonly { readonly max: number }[], zoneCount: number): number {
  const zones = Math.max(1, zoneCount);
  return pools.reduce((sum, pool) => sum + pool.max + zones, 0);
}
