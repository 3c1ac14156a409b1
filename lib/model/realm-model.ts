import type { ResolvedRealm } from "../config/load";
import type { CloudConfig, ComponentName, Provider, RealmConfig, SizeName } from "../config/types";
import { terraformLiterals } from "./literal";
import type { RealmDirectory } from "./places";
import { profiles, type NetworkLayout } from "./providers";

/** One realm/provider pair: one Terraform stack. */
export interface CloudTarget {
  readonly provider: Provider;
  readonly region: string;
  readonly account: string;
  readonly primary: boolean;
  /** `realm-<id>` for the primary cloud, `realm-<id>-<provider>` for the others. */
  readonly stackId: string;
  readonly components: ReadonlySet<ComponentName>;
  /** Zone names used for zonal resources; empty in a region without availability zones. */
  readonly zones: readonly string[];
  readonly layout: NetworkLayout;
  readonly cloud: CloudConfig;
}

/** A realm ready to build: its configuration plus everything derived from it. */
export interface RealmModel {
  readonly id: string;
  readonly file: string;
  /**
   * The configuration as Terraform must see it: every string and map key template-escaped
   * (see literal.ts), so whatever a construct does with it, it stays a literal. The values as
   * written are in `resolved.config`.
   */
  readonly config: RealmConfig;
  readonly targets: readonly CloudTarget[];
  readonly resolved: ResolvedRealm;
  /** The other realms of the inventory, for data flows that name a realm as destination. */
  readonly peers: RealmDirectory;
}

export function stackIdFor(realm: string, provider: Provider, primary: boolean): string {
  return primary ? `realm-${realm}` : `realm-${realm}-${provider}`;
}

/** Components each component needs beside it in the same stack. */
const DEPENDS_ON: Readonly<Record<ComponentName, readonly ComponentName[]>> = {
  network: [],
  keys: [],
  database: ["network", "keys"],
  cluster: ["network", "keys"],
  storage: ["keys"],
  services: ["network", "keys"],
  dns: ["network"],
  observability: ["keys"],
};

const SECONDARY_DEFAULT: readonly ComponentName[] = ["keys", "storage"];

function configured(config: RealmConfig): Set<ComponentName> {
  const present = new Set<ComponentName>(["network", "keys"]);
  if (config.database) present.add("database");
  if (config.cluster) present.add("cluster");
  if (config.storage && config.storage.buckets.length > 0) present.add("storage");
  if (config.services && Object.keys(config.services).length > 0) present.add("services");
  if (config.dns) present.add("dns");
  if (config.observability) present.add("observability");
  return present;
}

function componentsFor(config: RealmConfig, cloud: CloudConfig, primary: boolean): Set<ComponentName> {
  const present = configured(config);
  const wanted = primary ? [...present] : (cloud.components ?? SECONDARY_DEFAULT).filter((c) => present.has(c));
  const out = new Set<ComponentName>();
  const add = (c: ComponentName): void => {
    if (out.has(c)) return;
    out.add(c);
    DEPENDS_ON[c].forEach(add);
  };
  wanted.forEach(add);
  return out;
}

/** Builds the model of a realm that passed validation and the semantic checks. */
export function buildModel(resolved: ResolvedRealm, peers: RealmDirectory = () => undefined): RealmModel {
  // The one place realm values become Terraform-bound data: nothing downstream sees them raw.
  const config = terraformLiterals(resolved.config);
  const targets = config.clouds.map((cloud, index): CloudTarget => {
    const profile = profiles[cloud.provider];
    const regionZones = profile.regions[cloud.region]?.zones ?? [];
    return {
      provider: cloud.provider,
      region: cloud.region,
      account: cloud.account,
      primary: index === 0,
      stackId: stackIdFor(config.realm, cloud.provider, index === 0),
      components: componentsFor(config, cloud, index === 0),
      zones: regionZones.slice(0, config.network.zones),
      layout: profile.networkLayout(config.network.cidr, config.network.zones),
      cloud,
    };
  });
  return { id: config.realm, file: resolved.file, config, targets, resolved, peers };
}

/** The SKU for a size on a provider, unless the config names one explicitly. */
export function skuFor(provider: Provider, kind: "database" | "node", size: SizeName, explicit?: string): string {
  return explicit ?? profiles[provider].sizes[kind][size];
}
