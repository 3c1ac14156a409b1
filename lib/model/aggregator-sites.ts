import type { RealmConfig } from "../config/types";

/**
 * Datadog sites: where an organisation's data lives. Each site is a separate organisation
 * with its own keys, so the fleet stack has one Datadog provider per site in use.
 */
export interface DatadogSite {
  readonly site: string;
  /** API base URL (the Terraform provider's `api_url`, `realmkit health`'s default). */
  readonly apiUrl: string;
  /** Residency zone (lib/model/residency) the site keeps data in. */
  readonly zone: string;
  /**
   * AWS account Datadog's integration assumes roles from (Datadog's AWS integration docs);
   * undefined where Realmkit does not know it, and an AWS realm on that site is refused.
   */
  readonly awsAccount?: string;
}

export const DATADOG_SITES: ReadonlyMap<string, DatadogSite> = new Map(
  (
    [
      { site: "datadoghq.com", apiUrl: "https://api.datadoghq.com", zone: "us", awsAccount: "464622532012" },
      { site: "us3.datadoghq.com", apiUrl: "https://api.us3.datadoghq.com", zone: "us", awsAccount: "464622532012" },
      { site: "us5.datadoghq.com", apiUrl: "https://api.us5.datadoghq.com", zone: "us", awsAccount: "464622532012" },
      { site: "datadoghq.eu", apiUrl: "https://api.datadoghq.eu", zone: "eu", awsAccount: "464622532012" },
      { site: "ap1.datadoghq.com", apiUrl: "https://api.ap1.datadoghq.com", zone: "jp", awsAccount: "417141415827" },
      { site: "ap2.datadoghq.com", apiUrl: "https://api.ap2.datadoghq.com", zone: "au" },
      { site: "uk1.datadoghq.com", apiUrl: "https://api.uk1.datadoghq.com", zone: "uk" },
      { site: "ddog-gov.com", apiUrl: "https://api.ddog-gov.com", zone: "us" },
    ] as const
  ).map((s) => [s.site, s]),
);

export const DEFAULT_DATADOG_SITE = "datadoghq.com";

/** New Relic data centers and the zone each keeps data in. */
export const NEWRELIC_REGIONS: ReadonlyMap<string, { readonly region: "US" | "EU"; readonly zone: string }> = new Map([
  ["US", { region: "US", zone: "us" }],
  ["EU", { region: "EU", zone: "eu" }],
]);

/** New Relic's AWS account, trusted by the role its cloud integration assumes (New Relic's AWS docs). */
export const NEWRELIC_AWS_ACCOUNT = "754728514883";

export type AggregatorName = "datadog" | "newrelic";

/** Where a realm's monitoring data goes: the aggregator and its site or region, or nowhere. */
export interface Destination {
  readonly aggregator: AggregatorName;
  /** Datadog site or New Relic region. */
  readonly site: string;
  readonly zone: string;
}

export function destinationOf(config: RealmConfig): Destination | undefined {
  const o = config.observability;
  const aggregator = o?.aggregator ?? "none";
  if (aggregator === "none") return undefined;
  if (aggregator === "newrelic") {
    const region = o?.newrelic?.region ?? "US";
    return { aggregator, site: region, zone: NEWRELIC_REGIONS.get(region)!.zone };
  }
  const site = o?.datadog?.site ?? DEFAULT_DATADOG_SITE;
  return { aggregator, site, zone: DATADOG_SITES.get(site)!.zone };
}

/**
 * The HTTP logs intake of a Datadog site (Datadog's "Send logs" API): the one address a realm's
 * log forwarder may send to. Every site follows the `http-intake.logs.<site>` pattern.
 */
export function datadogLogsIntake(site: string): string {
  return `https://http-intake.logs.${site}`;
}

/** The Datadog site whose logs intake `url` is, or undefined for any other address. */
export function siteOfLogsIntake(url: string): DatadogSite | undefined {
  const host = /^https:\/\/http-intake\.logs\.([a-z0-9.-]+?)\/?$/.exec(url)?.[1];
  return host ? DATADOG_SITES.get(host) : undefined;
}
