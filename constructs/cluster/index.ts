import type { RealmScopeProps } from "../common";
import type { MaintenanceWindow } from "../../lib/model/maintenance";

export interface NodePoolSpec {
  readonly name: string;
  /** Provider machine type from the size catalogue (or an explicit override). */
  readonly sku: string;
  readonly min: number;
  readonly max: number;
  /** @default 100 */
  readonly diskGb?: number;
}

/** The realm's Kubernetes cluster: private endpoint, encrypted secrets, audit logs. */
export interface ClusterProps extends RealmScopeProps {
  /** Kubernetes minor version, e.g. "1.30". */
  readonly version: string;
  readonly nodePools: readonly NodePoolSpec[];
  /** CIDRs besides the realm network allowed to reach the control plane. @default [] */
  readonly authorizedNetworks?: readonly string[];
  /** Retention of control-plane logs in days. */
  readonly logRetentionDays: number;
  /**
   * IMDSv2 response hop limit of the nodes (AWS). 1 confines instance metadata, and so the node
   * role's credentials, to the node itself: pods get their AWS credentials through IRSA, which
   * the cluster provides (checkov CKV_AWS_341). 2 lets containers in their own network
   * namespace reach it, for workloads or add-ons that cannot use IRSA; realms choose it with
   * `cluster.metadataHopLimit` and a reason.
   * @default 1
   */
  readonly metadataHopLimit?: 1 | 2;
  /** The realm's maintenance window (UTC, from its local time) for upgrades; each cloud's default when absent. */
  readonly maintenance?: MaintenanceWindow;
  /** Node pool roll: extra nodes and nodes out of service at a time. @default { maxSurge: 1, maxUnavailable: 0 } */
  readonly surge?: NodePoolSurge;
}

export interface NodePoolSurge {
  readonly maxSurge?: number;
  readonly maxUnavailable?: number;
}
