import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { protectsData } from "../common";
import type { DnsProps } from "./index";

export interface AwsDnsProps extends DnsProps {
  /** The realm VPC: the only network that resolves the zone. */
  readonly vpcId: string;
  /** TTL of every record in seconds. @default 300 */
  readonly ttlSeconds?: number;
}

/** A Route 53 private hosted zone for the realm, resolvable only inside its VPC. */
export class AwsDns extends Construct {
  readonly zoneId: string;

  constructor(scope: Construct, id: string, props: AwsDnsProps) {
    super(scope, id);
    const zone = new Route53Zone(this, "zone", {
      name: props.zone,
      comment: `Private zone of realm ${props.realm}`,
      vpc: [{ vpcId: props.vpcId }],
      // Records created outside Realmkit (by operators or ExternalDNS) must block deletion, not vanish with it.
      forceDestroy: false,
      lifecycle: { preventDestroy: protectsData(props.tier) },
    });

    const seen = new Set<string>();
    for (const record of props.records) {
      checkRecord(props, record, seen);
      new Route53Record(this, `record-${record.type.toLowerCase()}-${record.name}`, {
        zoneId: zone.zoneId,
        name: `${record.name}.${props.zone}`,
        type: record.type,
        ttl: props.ttlSeconds ?? 300,
        records: [...record.values],
      });
    }
    this.zoneId = zone.zoneId;
  }
}

function checkRecord(props: AwsDnsProps, record: DnsProps["records"][number], seen: Set<string>): void {
  const fail = (message: string, fix: string): never => {
    throw new RealmkitError("RK-AWS-DNS-RECORD", message, { realm: props.realm, value: record, fix });
  };
  if (seen.has(record.name)) fail(`record \`${record.name}\` of zone ${props.zone} is defined twice`, "give each record a distinct name");
  seen.add(record.name);
  if (record.values.length === 0) fail(`record \`${record.name}\` has no values`, "give the record at least one value");
  if (record.type === "CNAME" && record.values.length !== 1) {
    fail(
      `CNAME record \`${record.name}\` has ${record.values.length} values; a CNAME points to exactly one name`,
      "keep one value or use an A record",
    );
  }
}
