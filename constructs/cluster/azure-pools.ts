import { RealmkitError } from "../../lib/config/errors";

/** The AKS system pool Realmkit creates; user pools may not take its name. */
export const SYSTEM_POOL_NAME = "system";

/**
 * AKS node-pool rules that depend on the realm's pool names, without cdktf: the construct
 * enforces them while building, and `realmkit validate` checks realm files against them first.
 * `systemtmp` is the temporary pool AKS uses to rotate the system pool.
 */
export function checkAzurePools(pools: readonly { readonly name: string }[], realm: string): void {
  if (pools.length === 0) {
    throw new RealmkitError("RK-AZURE-CLUSTER-POOLS", `the cluster of realm ${realm} has no node pools`, {
      realm,
      fix: "add at least one entry to cluster.nodePools",
    });
  }
  const clash = pools.find((p) => p.name === SYSTEM_POOL_NAME || p.name === "systemtmp");
  if (clash) {
    throw new RealmkitError("RK-AZURE-CLUSTER-POOLS", `node pool name \`${clash.name}\` is reserved for the AKS system pool`, {
      realm,
      value: clash.name,
      fix: "rename the node pool (e.g. `general`)",
    });
  }
}
