import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { protectsData } from "../common";
import { gcpLabels, type GcpScopeProps } from "../gcp-scope";
import type { DnsProps } from "./index";

export interface GcpDnsProps extends DnsProps, GcpScopeProps {
  /** Network id the zone is visible in (and nowhere else). */
  readonly networkId: string;
  /** Record TTL in seconds. @default 300 */
  readonly ttl?: number;
}

/**
 * A Cloud DNS private zone visible only inside the realm network, holding the realm's
 * records (the database address). Protected realms keep the zone from being destroyed.
 */
export class GcpDns extends Construct {
  readonly zoneName: string;
  /** Fully qualified record names by relative name, e.g. `db` → `db.eu1.ibc.example.com.`. */
  readonly recordNames: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GcpDnsProps) {
    super(scope, id);
    const zone = props.zone.replace(/\.$/, "");
    check(props);
    const managed = new DnsManagedZone(this, "zone", {
      name: resourceName("gcp", "default", props.realm, "zone"),
      project: props.project,
      dnsName: `${zone}.`,
      description: `Private zone of realm ${props.realm}`,
      visibility: "private",
      privateVisibilityConfig: { networks: [{ networkUrl: props.networkId }] },
      forceDestroy: false,
      labels: gcpLabels(props.labels),
      lifecycle: { preventDestroy: protectsData(props.tier) },
    });
    const recordNames: Record<string, string> = {};
    for (const record of props.records) {
      const fqdn = `${record.name}.${zone}.`;
      new DnsRecordSet(this, `record-${record.name}`, {
        project: props.project,
        managedZone: managed.name,
        name: fqdn,
        type: record.type,
        ttl: props.ttl ?? 300,
        // A CNAME target must be absolute inside a zone file.
        rrdatas: record.type === "CNAME" ? record.values.map((v) => (v.endsWith(".") ? v : `${v}.`)) : [...record.values],
      });
      recordNames[record.name] = fqdn;
    }
    this.zoneName = managed.name;
    this.recordNames = recordNames;
  }
}

function check(props: GcpDnsProps): void {
  const fail = (message: string, value: unknown, fix: string): never => {
    throw new RealmkitError("RK-GCP-DNS-RECORD", message, { realm: props.realm, value, fix });
  };
  const names = props.records.map((r) => r.name);
  for (const record of props.records) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(record.name)) {
      fail(`record name \`${record.name}\` is not a relative DNS name`, record.name, "use a name like `db` (relative to the zone)");
    }
    if (record.values.length === 0) fail(`record \`${record.name}\` has no value`, record, "give the record at least one value");
    if (record.type === "CNAME" && record.values.length !== 1)
      fail(`CNAME record \`${record.name}\` must have exactly one target`, record.values, "keep one target");
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) fail(`record \`${dup}\` is listed twice`, dup, "merge the two records into one");
}
