import type { ClusterProps } from "../../constructs/cluster";
import { statementAuditFor, type DatabaseProps } from "../../constructs/database";
import type { DnsProps } from "../../constructs/dns";
import type { KeysProps } from "../../constructs/keys";
import type { NetworkProps } from "../../constructs/network";
import type { ObservabilityProps } from "../../constructs/observability";
import { parseServiceUrl, type ServicesProps } from "../../constructs/services";
import type { StorageProps } from "../../constructs/storage";
import { isExternalDatabase } from "../config/types";
import { realmAlerts } from "../model/alerts";
import { skuFor, type CloudTarget, type RealmModel } from "../model/realm-model";

/** Provider-neutral props of every component of a realm/provider pair. */
export interface ComponentPropsSet {
  readonly keys: KeysProps;
  readonly network: NetworkProps;
  readonly database?: Omit<DatabaseProps, never>;
  readonly cluster?: ClusterProps;
  readonly storage?: StorageProps;
  readonly services?: ServicesProps;
  readonly dns?: Omit<DnsProps, "records">;
  readonly observability?: ObservabilityProps;
}

const DEFAULT_LOG_RETENTION_DAYS = 365;

/**
 * Translates a realm model into component props for one target: the single place where
 * configuration meets constructs, shared by every provider kit.
 */
export function componentProps(realm: RealmModel, target: CloudTarget): ComponentPropsSet {
  const { config } = realm;
  const scope = { realm: realm.id, tier: config.tier };
  const prod = config.tier === "prod";
  const protect = config.tier !== "dev";
  const logRetentionDays = config.observability?.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;

  const db = config.database;
  const database: DatabaseProps | undefined = db
    ? isExternalDatabase(db)
      ? { ...scope, external: db.external, deletionProtection: protect }
      : {
          ...scope,
          deletionProtection: protect,
          statementAudit: statementAuditFor(config.compliance),
          managed: {
            engine: db.engine,
            version: db.version,
            sku: skuFor(target.provider, "database", db.size, db.sku),
            storageGb: db.storageGb,
            maxStorageGb: db.maxStorageGb,
            highAvailability: db.highAvailability,
            backupRetentionDays: db.backupRetentionDays,
          },
        }
    : undefined;

  return {
    keys: { ...scope },
    network: {
      ...scope,
      cidr: config.network.cidr,
      zones: target.zones,
      layout: target.layout,
      natPerZone: prod,
      flowLogRetentionDays: logRetentionDays,
    },
    database,
    cluster: config.cluster && {
      ...scope,
      version: config.cluster.version,
      authorizedNetworks: config.cluster.authorizedNetworks ?? [],
      logRetentionDays,
      metadataHopLimit: config.cluster.metadataHopLimit?.value,
      nodePools: config.cluster.nodePools.map((pool) => ({
        name: pool.name,
        sku: skuFor(target.provider, "node", pool.size, pool.sku),
        min: pool.min,
        max: pool.max,
        diskGb: pool.diskGb,
      })),
    },
    storage: config.storage && {
      ...scope,
      buckets: config.storage.buckets,
      uniqueSuffix: target.account,
      deletionProtection: protect,
      accessLogRetentionDays: logRetentionDays,
    },
    services: config.services && {
      ...scope,
      services: Object.entries(config.services).map(([name, svc]) => ({
        name,
        url: svc.url,
        ...parseServiceUrl(svc.url),
        secret: svc.secret ?? false,
      })),
    },
    dns: config.dns && { ...scope, zone: config.dns.zone },
    observability: config.observability && {
      ...scope,
      alertEmails: config.observability.alertEmails,
      logRetentionDays,
      alerts: realmAlerts(config, target),
    },
  };
}

/** The cluster's node ceiling (sum of the pools' maximum sizes), the base of capacity alerts. */
export function maxNodes(props: ComponentPropsSet): number {
  return (props.cluster?.nodePools ?? []).reduce((n, pool) => n + pool.max, 0);
}
