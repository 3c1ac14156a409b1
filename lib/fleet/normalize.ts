import type { CloudTarget, RealmModel } from "../model/realm-model";
import { profiles } from "../model/providers";

/**
 * What makes a stack this realm's rather than another's: its id, stack id, account and
 * identities, region and zones, address ranges, DNS zone. Replacing them by placeholders
 * leaves the stack's structure, so two realms that differ only there compare equal.
 */
export interface Normaliser {
  readonly string: (s: string) => string;
  readonly value: (v: unknown) => unknown;
}

// cdktf appends an 8-hex-digit hash of the construct path to logical ids; the path holds
// realm-specific parts (zones), so the hash would differ even where the structure does not.
const LOGICAL_ID_HASH = /_[0-9A-F]{8}(?=$|[^0-9A-Za-z_-])/g;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function normaliserFor(realm: RealmModel, target: CloudTarget): Normaliser {
  const subs: [string, string][] = [];
  const add = (value: string | undefined, placeholder: string): void => {
    if (value && value.length >= 2) subs.push([value, placeholder]);
  };
  const cidr = (value: string, name: string): void => {
    add(value, `<${name}>`);
    // Construct ids carry CIDRs with the dots dropped and the slash as `_` (api-https-102000_16).
    add(value.replace(/\./g, "").replace("/", "_"), `<${name}>`);
  };
  add(target.stackId, "<stack>");
  add(target.account, "<account>");
  const cloud = target.cloud;
  add(cloud.deployIdentity, "<deploy-identity>");
  add(cloud.projectNumber, "<project-number>");
  add(cloud.tenant, "<tenant>");
  add(cloud.workloadIdentityProvider, "<workload-identity-provider>");
  add(realm.config.dns?.zone, "<dns-zone>");
  const zones = [...new Set([...target.zones, ...(profiles[target.provider].regions[target.region]?.zones ?? [])])];
  zones.forEach((z, i) => add(z, `<zone-${i}>`));
  add(target.region, "<region>");
  cidr(realm.config.network.cidr, "network");
  const layout = target.layout;
  for (const role of ["public", "private", "database"] as const) layout[role].forEach((c, i) => cidr(c, `${role}-${i}`));
  for (const [name, c] of Object.entries(layout.extra)) cidr(c, `range-${name}`);
  // Longest first: a zone (us-east-2a) before its region, a stack id before the realm id.
  subs.sort((a, b) => b[0].length - a[0].length);
  const id = realm.id;
  // A realm id with a digit or of 4+ characters is replaced anywhere (names glue it on:
  // `ibcus2docs`); a short plain word only between separators, so `eu` never hits `europe`.
  const idPattern =
    /\d/.test(id) || id.length >= 4 ? new RegExp(escape(id), "g") : new RegExp(`(?<![a-z0-9])${escape(id)}(?![a-z0-9])`, "g");
  const pattern = new RegExp(subs.map(([s]) => escape(s)).join("|"), "g");
  const lookup = new Map(subs);
  const string = (s: string): string => {
    let out = subs.length ? s.replace(pattern, (m) => lookup.get(m) ?? m) : s;
    out = out.replace(idPattern, "<realm>");
    return out.replace(LOGICAL_ID_HASH, "");
  };
  const value = (v: unknown): unknown => {
    if (typeof v === "string") return string(v);
    if (Array.isArray(v)) return v.map(value);
    if (v !== null && typeof v === "object") {
      const out = new Map<string, unknown>();
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (k !== "//") out.set(string(k), value(x));
      return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  };
  return { string, value };
}
