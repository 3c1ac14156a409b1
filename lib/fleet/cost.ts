import { formatLocation } from "../config/errors";
import type { RealmModel } from "../model/realm-model";
import { describePlace, fleetFlows, type PricedFlow } from "./flows";
import { PRICE_TABLE_VERSION } from "./prices";

/** `realmkit cost --json`: documented in docs/fleet.md. */
export interface CostReport {
  readonly priceTable: string;
  readonly flows: readonly CostFlow[];
  readonly realms: readonly { readonly realm: string; readonly gbPerMonth: number; readonly usdPerMonth: number; readonly flows: number }[];
  readonly fleet: {
    readonly gbPerMonth: number;
    readonly usdPerMonth: number;
    readonly crossCloudUsdPerMonth: number;
    readonly interContinentUsdPerMonth: number;
    readonly flows: number;
  };
}

export interface CostFlow {
  readonly realm: string;
  readonly name: string;
  readonly origin: PricedFlow["origin"];
  readonly from: string;
  readonly to: string;
  readonly destination: string;
  readonly kind: PricedFlow["kind"];
  readonly gbPerMonth: number;
  readonly usdPerGb: number;
  readonly priceRow: string;
  readonly priceSource: string;
  readonly priceAsOf: string;
  readonly usdPerMonth: number;
  readonly formula: string;
  readonly personalData: boolean;
  readonly crossCloud: boolean;
  readonly interContinent: boolean;
  readonly purpose?: string;
  /** file:line of the declaration (or of the estimate it uses, when set in a layer). */
  readonly declaredAt?: string;
}

const cents = (n: number): number => Math.round(n * 100) / 100;
const sum = (xs: readonly number[]): number => cents(xs.reduce((a, b) => a + b, 0));

export function costFlow(f: PricedFlow): CostFlow {
  return {
    realm: f.realm,
    name: f.name,
    origin: f.origin,
    from: `${f.from.provider}:${f.from.region}`,
    to: f.to,
    destination: describePlace(f.place),
    kind: f.kind,
    gbPerMonth: f.gbPerMonth,
    usdPerGb: f.price.usdPerGb,
    priceRow: f.price.id,
    priceSource: f.price.source,
    priceAsOf: f.price.asOf,
    usdPerMonth: f.usdPerMonth,
    formula: f.formula,
    personalData: f.personalData,
    crossCloud: f.crossCloud,
    interContinent: f.interContinent,
    ...(f.purpose ? { purpose: f.purpose } : {}),
    ...(f.location ? { declaredAt: formatLocation(f.location) } : {}),
  };
}

/** Prices every flow of `realms`; the fleet totals are sums of the rounded flow costs. */
export function costReport(realms: readonly RealmModel[]): CostReport {
  const flows = fleetFlows(realms).map(costFlow);
  return {
    priceTable: PRICE_TABLE_VERSION,
    flows,
    realms: realms.map((r) => {
      const own = flows.filter((f) => f.realm === r.id);
      return {
        realm: r.id,
        gbPerMonth: sum(own.map((f) => f.gbPerMonth)),
        usdPerMonth: sum(own.map((f) => f.usdPerMonth)),
        flows: own.length,
      };
    }),
    fleet: {
      gbPerMonth: sum(flows.map((f) => f.gbPerMonth)),
      usdPerMonth: sum(flows.map((f) => f.usdPerMonth)),
      crossCloudUsdPerMonth: sum(flows.filter((f) => f.crossCloud).map((f) => f.usdPerMonth)),
      interContinentUsdPerMonth: sum(flows.filter((f) => f.interContinent).map((f) => f.usdPerMonth)),
      flows: flows.length,
    },
  };
}
