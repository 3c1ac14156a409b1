/**
 * The resolved realm configuration: what a realm file means after layering and validation.
 * This is the contract documented in README "Writing a realm file"; the JSON Schema in
 * `realm.schema.json` is its machine-checked twin.
 */
export type Provider = "aws" | "gcp" | "azure";
export type Tier = "prod" | "staging" | "dev";
export type SizeName = "small" | "medium" | "large" | "xlarge";

/** Components a cloud entry can carry; a non-primary cloud may list a subset. */
export const COMPONENTS = [
  "network",
  "keys",
  "database",
  "cluster",
  "storage",
  "services",
  "dns",
  "observability",
] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export interface CloudConfig {
  readonly provider: Provider;
  readonly region: string;
  /** AWS account id, GCP project id or Azure subscription id. */
  readonly account: string;
  /**
   * Which components this realm/provider pair deploys. The primary cloud deploys every
   * configured component; a further cloud defaults to `[keys, storage]` (a backup copy).
   * Dependencies (keys, network) are added automatically.
   */
  readonly components?: readonly ComponentName[];
  /** CI identity that applies, through OIDC: AWS role ARN, GCP service account e-mail, Azure client id. */
  readonly deployIdentity?: string;
  /**
   * Read-only CI identity for plans, drift checks and health gates, same format as
   * `deployIdentity`. Pull-request jobs only ever get this one.
   */
  readonly planIdentity?: string;
  /** Azure tenant id (Azure only). */
  readonly tenant?: string;
  /** GCP workload identity provider resource name used by CI (GCP only). */
  readonly workloadIdentityProvider?: string;
  /**
   * GCP project number (GCP only, required there). Service-agent identities that must be
   * granted the realm key derive from it; the number is fixed for a project's lifetime.
   */
  readonly projectNumber?: string;
}

export interface NetworkConfig {
  readonly cidr: string;
  readonly zones: number;
}

export interface ManagedDatabaseConfig {
  readonly engine: "postgres";
  readonly version: string;
  readonly size: SizeName;
  /** An explicit SKU (e.g. `db.r6g.2xlarge`) overriding the size catalogue. */
  readonly sku?: string;
  readonly storageGb: number;
  readonly maxStorageGb?: number;
  readonly highAvailability: boolean;
  readonly backupRetentionDays: number;
}

export interface ExternalDatabaseConfig {
  readonly external: { readonly host: string; readonly port: number };
}

export type DatabaseConfig = ManagedDatabaseConfig | ExternalDatabaseConfig;

export interface NodePoolConfig {
  readonly name: string;
  readonly size: SizeName;
  readonly sku?: string;
  readonly min: number;
  readonly max: number;
  readonly diskGb?: number;
}

export interface ClusterConfig {
  readonly version: string;
  readonly nodePools: readonly NodePoolConfig[];
  /** CIDRs allowed to reach the private control-plane endpoint (besides the realm network). */
  readonly authorizedNetworks?: readonly string[];
}

export interface StorageConfig {
  readonly buckets: readonly string[];
}

export interface ServiceConfig {
  readonly url: string;
  /** When true the realm gets a secret container for this service's credentials (value set out of band). */
  readonly secret?: boolean;
}

export interface DnsConfig {
  readonly zone: string;
}

export interface ObservabilityConfig {
  readonly alertEmails: readonly string[];
  readonly logRetentionDays?: number;
}

export interface StateConfig {
  readonly aws?: { readonly bucket: string; readonly region: string; readonly keyPrefix?: string };
  readonly gcp?: { readonly bucket: string; readonly prefix?: string };
  readonly azure?: {
    readonly resourceGroup: string;
    readonly storageAccount: string;
    readonly container: string;
    readonly keyPrefix?: string;
  };
}

export interface Suppression {
  readonly rule: string;
  readonly resource?: string;
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
}

export interface DataFlow {
  readonly name: string;
  readonly to: string;
  readonly personalData: boolean;
}

/** Pacing of one wave: how long it bakes after applying, and whether a health gate follows. */
export interface WavePacing {
  readonly bakeMinutes?: number;
  readonly gate?: boolean;
}

export interface RolloutConfig extends WavePacing {
  /** `rollout --apply` refuses saved plans older than this. @default 24 */
  readonly maxPlanAgeHours?: number;
  /** Per-wave overrides, keyed by wave number. */
  readonly waves?: Readonly<Record<string, WavePacing>>;
}

export interface RealmConfig {
  readonly realm: string;
  readonly extends?: readonly string[];
  readonly tier: Tier;
  readonly wave: number;
  readonly compliance: readonly string[];
  readonly residency: string;
  readonly clouds: readonly CloudConfig[];
  readonly network: NetworkConfig;
  readonly database?: DatabaseConfig;
  readonly cluster?: ClusterConfig;
  readonly storage?: StorageConfig;
  readonly services?: Readonly<Record<string, ServiceConfig>>;
  readonly dns?: DnsConfig;
  readonly observability?: ObservabilityConfig;
  readonly tags?: Readonly<Record<string, string>>;
  readonly state?: StateConfig;
  readonly suppressions?: readonly Suppression[];
  readonly dataFlows?: readonly DataFlow[];
  readonly rollout?: RolloutConfig;
}

export function isExternalDatabase(db: DatabaseConfig | undefined): db is ExternalDatabaseConfig {
  return db !== undefined && "external" in db;
}
