import { PrivateDnsARecord } from "@cdktf/provider-azurerm/lib/private-dns-a-record";
import { PrivateDnsCnameRecord } from "@cdktf/provider-azurerm/lib/private-dns-cname-record";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { azureTags, lockZoneDeletion, type AzureScopeProps } from "../azure-scope";
import { protectsData } from "../common";
import type { DnsProps } from "./index";

export interface AzureDnsProps extends DnsProps, AzureScopeProps {
  /** The realm VNet: the only network that resolves the zone. */
  readonly vnetId: string;
  /** TTL of every record in seconds. @default 300 */
  readonly ttlSeconds?: number;
}

/** An Azure private DNS zone for the realm, resolvable only inside its VNet (no auto-registration). */
export class AzureDns extends Construct {
  readonly zoneId: string;
  readonly zoneName: string;

  constructor(scope: Construct, id: string, props: AzureDnsProps) {
    super(scope, id);
    const tags = azureTags(props.tags);
    const zone = new PrivateDnsZone(this, "zone", {
      name: props.zone,
      resourceGroupName: props.resourceGroupName,
      tags,
      // Records created outside Realmkit (by operators or ExternalDNS) must block deletion, not vanish with it.
      lifecycle: { preventDestroy: protectsData(props.tier) },
    });
    if (protectsData(props.tier)) lockZoneDeletion(this, "zone-lock", zone.id, `Private DNS zone of realm ${props.realm}`);
    new PrivateDnsZoneVirtualNetworkLink(this, "vnet-link", {
      name: resourceName("azure", "default", props.realm, "dns", "vnet"),
      resourceGroupName: props.resourceGroupName,
      privateDnsZoneName: zone.name,
      virtualNetworkId: props.vnetId,
      // VM names do not belong in the realm zone; records are declared.
      registrationEnabled: false,
      tags,
    });

    const ttl = props.ttlSeconds ?? 300;
    const seen = new Set<string>();
    for (const record of props.records) {
      checkRecord(props, record, seen);
      const common = { name: record.name, zoneName: zone.name, resourceGroupName: props.resourceGroupName, ttl, tags };
      if (record.type === "CNAME") {
        new PrivateDnsCnameRecord(this, `record-cname-${record.name}`, { ...common, record: record.values[0]! });
      } else {
        new PrivateDnsARecord(this, `record-a-${record.name}`, { ...common, records: [...record.values] });
      }
    }
    this.zoneId = zone.id;
    this.zoneName = zone.name;
  }
}

function checkRecord(props: AzureDnsProps, record: DnsProps["records"][number], seen: Set<string>): void {
  const fail = (message: string, fix: string): never => {
    throw new RealmkitError("RK-AZURE-DNS-RECORD", message, { realm: props.realm, value: record, fix });
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
