import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { Construct } from "constructs";
import { azureTags } from "../azure-scope";
import type { NodePoolSpec, NodePoolSurge } from "./index";

export const DEFAULT_NODE_DISK_GB = 100;

/** Surge during upgrades: a third of the pool at a time keeps capacity while nodes roll. */
export const NODE_MAX_SURGE = "33%";

/** AKS max_surge: the realm's node count when it sets one, else a third of the pool. */
export const surgeOf = (surge: NodePoolSurge | undefined): string =>
  surge?.maxSurge !== undefined ? String(surge.maxSurge) : NODE_MAX_SURGE;

export interface AzureNodePoolProps {
  readonly pool: NodePoolSpec;
  /** From the realm's `cluster.surge`. @default a third of the pool */
  readonly surge?: NodePoolSurge;
  /** Cluster id (a token, so the pool waits for the cluster). */
  readonly clusterId: string;
  /** Kubernetes version of the cluster; pools follow control-plane upgrades. */
  readonly version: string;
  /** The node subnet. */
  readonly subnetId: string;
  /** Zones to spread nodes across; empty in a region without zones. */
  readonly zones: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A user node pool: autoscaled between `min` and `max`, spread across the zones, with managed
 * OS disks (encrypted by the cluster's disk encryption set; ephemeral disks would need the pool
 * scaled to zero for every key rotation) and encryption at host.
 */
export class AzureNodePool extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: AzureNodePoolProps) {
    super(scope, id);
    const { pool } = props;
    const nodePool = new KubernetesClusterNodePool(this, "pool", {
      name: pool.name,
      kubernetesClusterId: props.clusterId,
      mode: "User",
      vmSize: pool.sku,
      orchestratorVersion: props.version,
      autoScalingEnabled: true,
      minCount: pool.min,
      maxCount: pool.max,
      osType: "Linux",
      osDiskType: "Managed",
      osDiskSizeGb: pool.diskGb ?? DEFAULT_NODE_DISK_GB,
      // Temp disks and disk caches on the host are encrypted with platform keys as well.
      hostEncryptionEnabled: true,
      vnetSubnetId: props.subnetId,
      zones: props.zones.length > 0 ? [...props.zones] : undefined,
      nodeLabels: { "realmkit/pool": pool.name },
      upgradeSettings: { maxSurge: surgeOf(props.surge) },
      tags: azureTags(props.tags),
      // The autoscaler owns the node count.
      lifecycle: { ignoreChanges: ["node_count"] },
    });
    this.name = nodePool.name;
  }
}
