import type { NetworkLayout } from "../../lib/model/providers/types";
import type { RealmScopeProps } from "../common";

/** The realm network: private by default, with egress through NAT and flow logs on. */
export interface NetworkProps extends RealmScopeProps {
  /** Realm address range, e.g. `10.20.0.0/16`. */
  readonly cidr: string;
  /** Zone names, e.g. `["us-east-2a", "us-east-2b"]`; empty for a region without zones. */
  readonly zones: readonly string[];
  /** Subnet ranges computed from `cidr` by `profile.networkLayout` (lib/model). */
  readonly layout: NetworkLayout;
  /** One NAT gateway per zone (prod) or a single shared one (cheaper, one zone's failure domain). */
  readonly natPerZone: boolean;
  /** Retention of flow logs in days. */
  readonly flowLogRetentionDays: number;
}
