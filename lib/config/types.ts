/**
 * The resolved realm configuration: what a realm file means after layering and validation.
 * This is the contract documented in README "Writing a realm file". The shapes are generated
 * from `realm.schema.json` (`npm run gen:types` writes realm-config.generated.ts); this module
 * exports them read-only, because a resolved realm is never changed after validation.
 */
import type * as Schema from "./realm-config.generated";

/** Read-only all the way down: arrays become readonly arrays, objects get readonly keys. */
export type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type Provider = Schema.Provider;
export type Tier = Schema.Tier;
export type SizeName = Schema.SizeName;
export type ComponentName = Schema.ComponentName;

export type RealmConfig = DeepReadonly<Schema.RealmConfig>;
export type CloudConfig = DeepReadonly<Schema.CloudConfig>;
export type NetworkConfig = DeepReadonly<Schema.NetworkConfig>;
export type ManagedDatabaseConfig = DeepReadonly<Schema.ManagedDatabaseConfig>;
export type ExternalDatabaseConfig = DeepReadonly<Schema.ExternalDatabaseConfig>;
export type DatabaseConfig = ManagedDatabaseConfig | ExternalDatabaseConfig;
export type NodePoolConfig = DeepReadonly<Schema.NodePoolConfig>;
export type ClusterConfig = DeepReadonly<Schema.ClusterConfig>;
export type StorageConfig = DeepReadonly<Schema.StorageConfig>;
export type ServiceConfig = DeepReadonly<Schema.ServiceConfig>;
export type DnsConfig = DeepReadonly<Schema.DnsConfig>;
export type ObservabilityConfig = DeepReadonly<Schema.ObservabilityConfig>;
export type StateConfig = DeepReadonly<Schema.StateConfig>;
export type Suppression = DeepReadonly<Schema.Suppression>;
export type DataFlow = DeepReadonly<Schema.DataFlow>;
export type AppSettings = DeepReadonly<Schema.AppSettings>;
export type AppConfig = NonNullable<RealmConfig["app"]>;

/** Components a cloud entry can carry, in deployment order; a non-primary cloud may list a subset. */
export const COMPONENTS = [
  "network",
  "keys",
  "database",
  "cluster",
  "storage",
  "services",
  "dns",
  "observability",
] as const satisfies readonly ComponentName[];

/** Fails to compile when the schema gains a component that COMPONENTS does not list. */
type MissingComponent = Exclude<ComponentName, (typeof COMPONENTS)[number]>;
const everyComponentListed: [MissingComponent] extends [never] ? true : MissingComponent = true;
void everyComponentListed;

export function isExternalDatabase(db: DatabaseConfig | undefined): db is ExternalDatabaseConfig {
  return db !== undefined && "external" in db;
}
