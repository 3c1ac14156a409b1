import { formatLocation } from "../config/errors";
import { locate } from "../config/merge";
import { childPointer } from "../config/pointer";
import type { Provider } from "../config/types";
import type { RealmModel } from "../model/realm-model";
import table from "./data/prices.json";

/** What a flow crosses, which decides its price row. */
export const FLOW_KINDS = ["cross-zone", "inter-region", "inter-continent", "internet", "cross-cloud", "database-replication"] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/** One row of the price table: USD per GB for one provider and kind, and where it comes from. */
export interface PriceRow {
  /** `<provider>/<kind>`, e.g. `aws/inter-region`. */
  readonly id: string;
  readonly usdPerGb: number;
  /** The page the price was read from, or the file:line of a realm override. */
  readonly source: string;
  readonly asOf: string;
  readonly note?: string;
  /** True when a realm layer (usually _defaults.yaml) replaced Realmkit's row. */
  readonly overridden: boolean;
}

export interface PriceTable {
  readonly version: string;
  readonly rows: ReadonlyMap<string, PriceRow>;
}

export const PRICE_TABLE_VERSION: string = table.version;
export const DEFAULT_ESTIMATES = table.estimates;

const BUILT_IN: ReadonlyMap<string, PriceRow> = new Map(table.rows.map((r) => [r.id, { ...r, overridden: false }]));

/** Realmkit's rows with the realm's `prices` overrides on top (an override names its own source). */
export function priceTableFor(realm: RealmModel): PriceTable {
  const overrides = realm.config.prices;
  if (!overrides) return { version: PRICE_TABLE_VERSION, rows: BUILT_IN };
  const rows = new Map(BUILT_IN);
  for (const [id, o] of Object.entries(overrides)) {
    const at = locate(realm.resolved.provenance, childPointer("/prices", id));
    rows.set(id, {
      id,
      usdPerGb: o.usdPerGb,
      source: at ? `${o.source} (${formatLocation(at)})` : o.source,
      asOf: o.asOf,
      overridden: true,
    });
  }
  return { version: PRICE_TABLE_VERSION, rows };
}

export function priceRow(prices: PriceTable, provider: Provider, kind: FlowKind): PriceRow {
  const row = prices.rows.get(`${provider}/${kind}`);
  // Every provider/kind pair has a built-in row (a test holds the table to that).
  if (!row) throw new Error(`price table has no row ${provider}/${kind}`);
  return row;
}

export function builtInRows(): readonly PriceRow[] {
  return [...BUILT_IN.values()];
}
