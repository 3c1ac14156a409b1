import type { RealmScopeProps } from "../common";

export interface DnsRecordSpec {
  /** Relative name inside the zone, e.g. `db`. */
  readonly name: string;
  readonly type: "A" | "CNAME";
  /** Target value(s); may be tokens from other constructs. */
  readonly values: readonly string[];
}

/** A private DNS zone reachable only from the realm network. */
export interface DnsProps extends RealmScopeProps {
  /** e.g. `us2.ibc.example.com` */
  readonly zone: string;
  readonly records: readonly DnsRecordSpec[];
}
