import type { AppSettings, Provider } from "../config/types";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { parseServiceUrl } from "../../constructs/services";

/**
 * The realm's runtime configuration document: what the IBC application reads at start-up. One
 * builder serves the stack (values that exist only after apply are Terraform references) and
 * the CLI (the same values as placeholders), so the two can never drift apart.
 */
export const RUNTIME_CONFIG_SCHEMA_VERSION = 1;
export const RUNTIME_CONFIG_SCHEMA_ID = `https://realmkit.dev/schemas/runtime-config/v${RUNTIME_CONFIG_SCHEMA_VERSION}.json`;
export const DEFAULT_DATABASE_NAME = "ibc";
export const DEFAULT_APP_SERVICE_ACCOUNT = { namespace: "ibc", name: "ibc-app" } as const;

/** Where a credential lives: a reference the application resolves with its own identity, never the value. */
export interface SecretReference {
  readonly store: "aws-secrets-manager" | "gcp-secret-manager" | "azure-key-vault";
  /** ARN (AWS), `projects/<p>/secrets/<id>` (GCP) or secret URI (Azure). */
  readonly id: string;
}

export const SECRET_STORES: Readonly<Record<Provider, SecretReference["store"]>> = {
  aws: "aws-secrets-manager",
  gcp: "gcp-secret-manager",
  azure: "azure-key-vault",
};

/**
 * Values the builder cannot know from the configuration alone: the stack passes Terraform
 * references of the constructs it built, the CLI passes placeholders (see placeholders.ts).
 */
export interface RuntimeRefs {
  /** Host of the managed database (an external one's host comes from the configuration). */
  readonly databaseHost?: string;
  readonly databaseSecret?: string;
  /** Secret id per service name, for services with `secret: true`. */
  readonly serviceSecrets: Readonly<Record<string, string>>;
  /** Physical bucket (or container) name per logical bucket name. */
  readonly buckets: Readonly<Record<string, string>>;
  /** Named observability endpoints of the stack (log group, alert topic, workspace, ...). */
  readonly observability: Readonly<Record<string, string>>;
}

export interface RuntimeService {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly credentialsSecret?: SecretReference;
  /** Declared in the realm file: the application sends personal data there. */
  readonly personalData?: boolean;
  /** Where the service keeps the data (residency key or region), as declared. */
  readonly location?: string;
}

export interface RuntimeDocument {
  readonly $schema: string;
  readonly schemaVersion: number;
  readonly realm: string;
  readonly tier: string;
  readonly wave: number;
  readonly residency: string;
  readonly compliance: readonly string[];
  readonly cloud: { readonly provider: Provider; readonly region: string; readonly account: string };
  readonly regions: readonly { readonly provider: Provider; readonly region: string; readonly primary: boolean }[];
  readonly database?: {
    readonly kind: "managed" | "external";
    readonly host: string;
    readonly port: number;
    readonly name: string;
    readonly credentialsSecret?: SecretReference;
  };
  readonly services: Readonly<Record<string, RuntimeService>>;
  readonly buckets: Readonly<Record<string, string>>;
  readonly dns?: { readonly zone: string };
  readonly observability: Readonly<Record<string, string>>;
  readonly settings: AppSettings;
}

/** Where one value of the document comes from: a path of the realm configuration, or a note. */
export interface DocumentOrigin {
  /** Dotted path in the document, e.g. `database.host`. */
  readonly path: string;
  /** Dotted path in the realm configuration, when the value is the user's. */
  readonly configPath?: string;
  /** What the value is when it is not (only) the user's: derived, or known after apply. */
  readonly note?: string;
}

const PORTS: Readonly<Record<string, number>> = { postgres: 5432 };

/** A map keyed by user input that no key can turn into a prototype lookup. */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The document for one realm/provider pair, and the origin of each of its values. */
export function buildRuntimeDocument(
  realm: RealmModel,
  target: CloudTarget,
  refs: RuntimeRefs,
): { document: RuntimeDocument; origins: DocumentOrigin[] } {
  const { config } = realm;
  const origins: DocumentOrigin[] = [];
  const from = (path: string, configPath?: string, note?: string): void => {
    origins.push({ path, ...(configPath !== undefined && { configPath }), ...(note !== undefined && { note }) });
  };
  const secretRef = (id: string | undefined): SecretReference | undefined =>
    id === undefined ? undefined : { store: SECRET_STORES[target.provider], id };
  const has = (c: Parameters<typeof target.components.has>[0]): boolean => target.components.has(c);

  from("realm", "realm");
  from("tier", "tier");
  from("wave", "wave");
  from("residency", "residency");
  from("compliance", "compliance");
  const index = realm.targets.indexOf(target);
  from("cloud", `clouds[${index}]`);
  from("regions", "clouds");

  let database: RuntimeDocument["database"];
  const db = config.database;
  if (db && has("database")) {
    const name = config.app?.databaseName ?? DEFAULT_DATABASE_NAME;
    from(
      "database.name",
      config.app?.databaseName !== undefined ? "app.databaseName" : undefined,
      config.app?.databaseName === undefined ? `default \`${DEFAULT_DATABASE_NAME}\`` : undefined,
    );
    if ("external" in db) {
      database = { kind: "external", host: db.external.host, port: db.external.port, name };
      from("database.host", "database.external.host");
      from("database.port", "database.external.port");
    } else {
      database = { kind: "managed", host: refs.databaseHost ?? "", port: PORTS[db.engine] ?? 5432, name };
      from("database.host", undefined, "endpoint of the managed database, known after apply");
      from("database.port", "database.engine", "the engine's port");
    }
    const credentialsSecret = secretRef(refs.databaseSecret);
    if (credentialsSecret) {
      database = { ...database, credentialsSecret };
      from("database.credentialsSecret", undefined, "the database credentials secret, created by the stack");
    }
  }

  const services = record<RuntimeDocument["services"][string]>();
  if (config.services && has("services")) {
    for (const [name, service] of Object.entries(config.services)) {
      const { host, port } = parseServiceUrl(service.url);
      const credentialsSecret = secretRef(refs.serviceSecrets[name]);
      services[name] = {
        url: service.url,
        host,
        port,
        ...(credentialsSecret && { credentialsSecret }),
        ...(service.personalData !== undefined && { personalData: service.personalData }),
        ...(service.location !== undefined && { location: service.location }),
      };
      from(`services.${name}.url`, `services.${name}.url`);
      if (service.personalData !== undefined) from(`services.${name}.personalData`, `services.${name}.personalData`);
      if (service.location !== undefined) from(`services.${name}.location`, `services.${name}.location`);
      if (credentialsSecret)
        from(`services.${name}.credentialsSecret`, `services.${name}.secret`, "secret created by the stack; value set out of band");
    }
  }

  const buckets = record<string>();
  for (const [logical, physical] of Object.entries(refs.buckets)) {
    buckets[logical] = physical;
    from(`buckets.${logical}`, "storage.buckets", "bucket name derived by Realmkit");
  }
  const observability = record<string>();
  for (const [name, value] of Object.entries(refs.observability)) {
    observability[name] = value;
    from(`observability.${name}`, undefined, "created by the stack");
  }

  const settings = config.app?.settings ?? record<AppSettings[string]>();
  walkSettings(settings, "", (path) => from(`settings.${path}`, `app.settings.${path}`));

  const document: RuntimeDocument = {
    $schema: RUNTIME_CONFIG_SCHEMA_ID,
    schemaVersion: RUNTIME_CONFIG_SCHEMA_VERSION,
    realm: realm.id,
    tier: config.tier,
    wave: config.wave,
    residency: config.residency,
    compliance: [...config.compliance],
    cloud: { provider: target.provider, region: target.region, account: target.account },
    regions: realm.targets.map((t) => ({ provider: t.provider, region: t.region, primary: t.primary })),
    ...(database && { database }),
    services,
    buckets,
    ...(config.dns && has("dns") && { dns: { zone: config.dns.zone } }),
    observability,
    settings,
  };
  if (document.dns) from("dns.zone", "dns.zone");
  return { document, origins };
}

function walkSettings(settings: AppSettings, prefix: string, visit: (path: string) => void): void {
  for (const [key, value] of Object.entries(settings)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) walkSettings(value as AppSettings, path, visit);
    else visit(path);
  }
}

/**
 * The stacks that publish the document: every stack that runs the application, which is where
 * the realm's cluster is. A realm without a cluster publishes nothing (`realmkit config` still
 * shows the document).
 */
export function publishesRuntimeConfig(target: CloudTarget): boolean {
  return target.components.has("cluster");
}

/** The store key of the document: one logical name, spelled as each store allows. */
export function runtimeConfigKey(provider: Provider, realm: string): string {
  switch (provider) {
    case "aws":
      return `/ibc/${realm}/runtime-config`; // SSM: hierarchical names start with `/`
    case "gcp":
      return `ibc-${realm}-runtime-config`; // Secret Manager ids allow no `/`
    case "azure":
      return `ibc/${realm}/runtime-config`;
  }
}
