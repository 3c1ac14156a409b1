import { isExternalDatabase } from "../config/types";
import type { RealmModel } from "../model/realm-model";
import { resourceCount, stackRealmkitVersion, type SynthesizedStacks } from "./stacks";

/** Shown for a facet a realm does not have (no database, not synthesized, ...). */
export const NONE = "-";

/**
 * One column of the matrix. `compared` facets are held to the tier's majority (outliers);
 * the others (where and when a realm runs) are expected to differ. A `cloudSpecific` facet is
 * compared only among realms of the same primary cloud.
 */
export interface Facet {
  readonly id: string;
  readonly title: string;
  readonly compared: boolean;
  readonly cloudSpecific: boolean;
  readonly value: (realm: RealmModel, stacks: SynthesizedStacks) => string;
}

const managedDb = (r: RealmModel) => {
  const db = r.config.database;
  return db && !isExternalDatabase(db) ? db : undefined;
};
const list = (xs: readonly string[] | undefined): string => (xs && xs.length ? [...xs].sort().join(",") : NONE);
const primary = (r: RealmModel) => r.targets[0]!;

export const FACETS: readonly Facet[] = [
  { id: "provider", title: "cloud", compared: false, cloudSpecific: false, value: (r) => r.targets.map((t) => t.provider).join("+") },
  { id: "region", title: "region", compared: false, cloudSpecific: false, value: (r) => r.targets.map((t) => t.region).join("+") },
  { id: "tier", title: "tier", compared: false, cloudSpecific: false, value: (r) => r.config.tier },
  { id: "wave", title: "wave", compared: false, cloudSpecific: false, value: (r) => String(r.config.wave) },
  { id: "residency", title: "residency", compared: false, cloudSpecific: false, value: (r) => r.config.residency },
  { id: "compliance", title: "compliance", compared: false, cloudSpecific: false, value: (r) => list(r.config.compliance) },
  { id: "zones", title: "zones", compared: true, cloudSpecific: false, value: (r) => String(r.config.network.zones) },
  {
    id: "database",
    title: "database",
    compared: true,
    cloudSpecific: false,
    value: (r) => (isExternalDatabase(r.config.database) ? "external" : r.config.database ? "managed" : NONE),
  },
  {
    id: "database-version",
    title: "db version",
    compared: true,
    cloudSpecific: false,
    value: (r) => {
      const db = managedDb(r);
      return db ? `${db.engine} ${db.version}` : NONE;
    },
  },
  {
    id: "database-size",
    title: "db size",
    compared: true,
    cloudSpecific: false,
    value: (r) => managedDb(r)?.sku ?? managedDb(r)?.size ?? NONE,
  },
  {
    id: "database-ha",
    title: "db HA",
    compared: true,
    cloudSpecific: false,
    value: (r) => {
      const db = managedDb(r);
      return db ? (db.highAvailability ? "yes" : "no") : NONE;
    },
  },
  {
    id: "backup-days",
    title: "backup days",
    compared: true,
    cloudSpecific: false,
    value: (r) => {
      const db = managedDb(r);
      return db ? String(db.backupRetentionDays) : NONE;
    },
  },
  { id: "cluster-version", title: "cluster", compared: true, cloudSpecific: false, value: (r) => r.config.cluster?.version ?? NONE },
  {
    id: "node-pools",
    title: "node pools",
    compared: true,
    cloudSpecific: false,
    value: (r) => r.config.cluster?.nodePools.map((p) => `${p.name}:${p.sku ?? p.size} ${p.min}-${p.max}`).join(", ") || NONE,
  },
  { id: "buckets", title: "buckets", compared: true, cloudSpecific: false, value: (r) => list(r.config.storage?.buckets) },
  { id: "services", title: "services", compared: true, cloudSpecific: false, value: (r) => list(Object.keys(r.config.services ?? {})) },
  {
    id: "log-retention",
    title: "log days",
    compared: true,
    cloudSpecific: false,
    value: (r) => String(r.config.observability?.logRetentionDays ?? NONE),
  },
  {
    id: "second-cloud",
    title: "2nd cloud",
    compared: true,
    cloudSpecific: false,
    value: (r) =>
      r.targets.length > 1
        ? r.targets
            .slice(1)
            .map((t) => `${t.provider}:${[...t.components].sort().join("/")}`)
            .join(" ")
        : NONE,
  },
  {
    id: "resources",
    title: "resources",
    compared: true,
    cloudSpecific: true,
    value: (r, s) => {
      const doc = s.get(primary(r).stackId);
      return doc ? String(resourceCount(doc)) : NONE;
    },
  },
  {
    id: "realmkit-version",
    title: "realmkit",
    compared: true,
    cloudSpecific: false,
    value: (r, s) => stackRealmkitVersion(s.get(primary(r).stackId)) ?? NONE,
  },
];

export const FACET_IDS: readonly string[] = FACETS.map((f) => f.id);
