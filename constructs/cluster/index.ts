import type { RealmScopeProps } from "../common";

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
}
