import { RealmkitError, RealmkitErrors, type SourceLocation } from "../config/errors";
import { locate } from "../config/merge";
import { isExternalDatabase, type Provider } from "../config/types";
import { continentOf, describePlace, resolvePlace, zoneOfRegion, type Place } from "../model/places";
import type { RealmModel } from "../model/realm-model";
import { DEFAULT_ESTIMATES, priceRow, priceTableFor, type FlowKind, type PriceRow } from "./prices";

/** Where a flow leaves from: one of the realm's clouds. */
export interface FlowOrigin {
  readonly provider: Provider;
  readonly region: string;
}

/** One data flow of a realm, declared in its file or created by Realmkit, with its price. */
export interface PricedFlow {
  readonly realm: string;
  readonly name: string;
  /** `declared` in the realm file, or `realmkit` for what the stacks replicate themselves. */
  readonly origin: "declared" | "realmkit";
  readonly from: FlowOrigin;
  readonly to: string;
  readonly place: Place;
  readonly kind: FlowKind;
  readonly gbPerMonth: number;
  readonly personalData: boolean;
  readonly purpose?: string;
  readonly price: PriceRow;
  readonly usdPerMonth: number;
  /** `1200 GB × 0.02 USD/GB = 24.00 USD`: what a reviewer checks by hand. */
  readonly formula: string;
  readonly crossCloud: boolean;
  readonly interContinent: boolean;
  /** The line that declared the flow, or set the estimate it uses. */
  readonly location?: SourceLocation;
}

/** Which kind of transfer a flow from `from` to `place` is. */
export function classify(from: FlowOrigin, place: Place): FlowKind {
  if (place.kind === "internet") return "internet";
  if ((place.kind === "realm" || place.kind === "region") && place.provider !== from.provider) return "cross-cloud";
  if ((place.kind === "realm" || place.kind === "region") && place.region === from.region) return "cross-zone";
  const home = continentOf(zoneOfRegion(from.provider, from.region) ?? "");
  const continents = new Set(place.zones.map(continentOf));
  return home !== undefined && continents.size === 1 && continents.has(home) ? "inter-region" : "inter-continent";
}

/** Cents are what people budget in; the formula shows the unrounded inputs. */
const usd = (n: number): number => Math.round(n * 100) / 100;

function priced(
  realm: RealmModel,
  base: Omit<PricedFlow, "kind" | "price" | "usdPerMonth" | "formula" | "crossCloud" | "interContinent">,
  kind: FlowKind,
): PricedFlow {
  const price = priceRow(priceTableFor(realm), base.from.provider, kind);
  const usdPerMonth = usd(base.gbPerMonth * price.usdPerGb);
  const crossCloud = kind === "cross-cloud";
  const interContinent =
    kind === "inter-continent" ||
    (crossCloud &&
      base.place.kind !== "internet" &&
      base.place.zones.some((z) => continentOf(z) !== continentOf(zoneOfRegion(base.from.provider, base.from.region) ?? "")));
  return {
    ...base,
    kind,
    price,
    usdPerMonth,
    formula: `${base.gbPerMonth} GB × ${price.usdPerGb} USD/GB = ${usdPerMonth.toFixed(2)} USD`,
    crossCloud,
    interContinent,
  };
}

/**
 * Every flow of a realm: its declared `dataFlows` (leaving from the primary cloud), then the
 * ones its stacks create: HA database replication across zones, and the storage replica and
 * database backup copy a further cloud holds. A destination Realmkit cannot place is a problem.
 */
export function realmFlows(realm: RealmModel): { flows: PricedFlow[]; problems: RealmkitError[] } {
  const primary = realm.targets[0]!;
  const from: FlowOrigin = { provider: primary.provider, region: primary.region };
  const out: PricedFlow[] = [];
  const problems: RealmkitError[] = [];
  (realm.config.dataFlows ?? []).forEach((flow, i) => {
    const location = locate(realm.resolved.provenance, `/dataFlows/${i}`);
    const place = resolvePlace(flow.to, realm.peers);
    if (!place) {
      problems.push(
        new RealmkitError(
          "RK-FLEET-UNKNOWN-DESTINATION",
          `data flow \`${flow.name}\` goes to \`${flow.to}\`, which is neither a realm, a known region, a residency key nor \`internet\``,
          {
            location: locate(realm.resolved.provenance, `/dataFlows/${i}/to`),
            value: flow.to,
            realm: realm.id,
            fix: "name another realm (us2), a region (us-east-1 or gcp:europe-west3), a residency key (eu) or internet",
          },
        ),
      );
      return;
    }
    if (place.kind === "realm" && place.realm === realm.id) {
      problems.push(
        new RealmkitError("RK-FLEET-FLOW-TO-SELF", `data flow \`${flow.name}\` goes to the realm itself`, {
          location: locate(realm.resolved.provenance, `/dataFlows/${i}/to`),
          value: flow.to,
          realm: realm.id,
          fix: "name the other realm or region the data goes to",
        }),
      );
      return;
    }
    const base = {
      realm: realm.id,
      name: flow.name,
      origin: "declared" as const,
      from,
      to: flow.to,
      place,
      gbPerMonth: flow.gbPerMonth ?? 0,
      personalData: flow.personalData,
      purpose: flow.purpose,
      location,
    };
    out.push(priced(realm, base, classify(from, place)));
  });

  const estimates = { ...DEFAULT_ESTIMATES, ...realm.config.flowEstimates };
  const estimateAt = (key: string): SourceLocation | undefined => realm.resolved.provenance.get(`/flowEstimates/${key}`);
  const db = realm.config.database;
  if (db && !isExternalDatabase(db) && db.highAvailability && primary.components.has("database")) {
    const place: Place = {
      kind: "region",
      provider: from.provider,
      region: from.region,
      zones: [zoneOfRegion(from.provider, from.region) ?? ""],
    };
    out.push(
      priced(
        realm,
        {
          realm: realm.id,
          name: "database-ha-replication",
          origin: "realmkit",
          from,
          to: `${from.provider}:${from.region}`,
          place,
          gbPerMonth: estimates.databaseReplicationGbPerMonth,
          personalData: true,
          purpose: "standby replica of the HA database in another zone",
          location: estimateAt("databaseReplicationGbPerMonth"),
        },
        "database-replication",
      ),
    );
  }
  for (const target of realm.targets.slice(1)) {
    const zone = zoneOfRegion(target.provider, target.region);
    const place: Place = { kind: "region", provider: target.provider, region: target.region, zones: zone ? [zone] : [] };
    const to = `${target.provider}:${target.region}`;
    if (target.components.has("storage")) {
      const base = {
        realm: realm.id,
        name: `storage-replica-${target.provider}`,
        origin: "realmkit" as const,
        from,
        to,
        place,
        gbPerMonth: estimates.storageReplicaGbPerMonth,
        personalData: true,
        purpose: `copy of the realm's buckets in ${target.stackId}`,
        location: estimateAt("storageReplicaGbPerMonth"),
      };
      out.push(priced(realm, base, classify(from, place)));
    }
    if (target.components.has("database")) {
      const base = {
        realm: realm.id,
        name: `database-backup-${target.provider}`,
        origin: "realmkit" as const,
        from,
        to,
        place,
        gbPerMonth: estimates.backupCopyGbPerMonth,
        personalData: true,
        purpose: `database backup copy in ${target.stackId}`,
        location: estimateAt("backupCopyGbPerMonth"),
      };
      out.push(priced(realm, base, classify(from, place)));
    }
  }
  return { flows: out, problems };
}

/** The flows of many realms; every problem of every realm is thrown at once. */
export function fleetFlows(realms: readonly RealmModel[]): PricedFlow[] {
  const all = realms.map(realmFlows);
  const problems = all.flatMap((r) => r.problems);
  if (problems.length > 0) throw new RealmkitErrors(problems);
  return all.flatMap((r) => r.flows);
}

export { describePlace };
