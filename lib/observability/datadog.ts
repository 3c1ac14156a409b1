import { IntegrationAwsAccount } from "@cdktf/provider-datadog/lib/integration-aws-account";
import { IntegrationAzure } from "@cdktf/provider-datadog/lib/integration-azure";
import { IntegrationGcpSts } from "@cdktf/provider-datadog/lib/integration-gcp-sts";
import { IntegrationPagerdutyServiceObject } from "@cdktf/provider-datadog/lib/integration-pagerduty-service-object";
import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { Construct } from "constructs";
import { TerraformOutput, TerraformVariable } from "../cdktf";
import { RealmkitError } from "../config/errors";
import { locate } from "../config/merge";
import { severityScales } from "../model/alerts";
import { AGGREGATOR_IDENTITIES, DATADOG_EXTERNAL_ID_VARIABLE, type Aggregator, type PagingRoute } from "./aggregator";
import { fleetDashboard } from "./datadog-dashboard";
import { datadogQuery } from "./datadog-queries";
import { realmTagList, type FleetAccount, type FleetMonitor, type FleetRealm } from "./plan";
import { DATADOG_SITES } from "../model/aggregator-sites";
import { datadogForwarderArn } from "./log-forwarding";

/** `datadoghq.eu` -> `datadoghq_eu`: a site as part of Terraform names. */
export function siteSlug(site: string): string {
  return site.replace(/[^a-z0-9]/g, "_");
}

/** Terraform inputs holding a site's keys, set from the environment as `TF_VAR_<name>`. */
export function datadogKeyVariables(site: string): { apiKey: string; appKey: string } {
  return { apiKey: `datadog_api_key_${siteSlug(site)}`, appKey: `datadog_app_key_${siteSlug(site)}` };
}

/** Terraform input holding the client secret of a realm's Azure app registration. */
export function azureSecretVariable(realm: string): string {
  return `datadog_azure_client_secret_${realm}`;
}

/** AWS namespaces the integration collects: those the realm alerts and dashboard read. */
const AWS_NAMESPACES = ["AWS/RDS", "AWS/S3", "AWS/EKS", "ContainerInsights", "AWS/Logs"];

/**
 * Datadog as the aggregator. Each Datadog site is its own organisation, so each site in use
 * gets a provider alias whose keys come from sensitive Terraform inputs (never the stack
 * JSON), and its own fleet dashboard of the realms it holds.
 */
export class DatadogAggregator implements Aggregator {
  readonly name = "datadog" as const;

  build(scope: Construct, realms: readonly FleetRealm[], routes: ReadonlyMap<string, PagingRoute>): void {
    const bySite = new Map<string, FleetRealm[]>();
    for (const r of realms) bySite.set(r.destination!.site, [...(bySite.get(r.destination!.site) ?? []), r]);
    for (const [site, siteRealms] of [...bySite].sort(([a], [b]) => a.localeCompare(b))) {
      new DatadogSiteOrg(scope, `datadog-${siteSlug(site)}`, { site, realms: siteRealms, routes });
    }
  }
}

interface SiteProps {
  readonly site: string;
  readonly realms: readonly FleetRealm[];
  readonly routes: ReadonlyMap<string, PagingRoute>;
}

class DatadogSiteOrg extends Construct {
  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    const info = DATADOG_SITES.get(props.site)!;
    const names = datadogKeyVariables(props.site);
    const key = (name: string, what: string) =>
      sensitiveInput(this, name, `${what} of the Datadog organisation on ${props.site} (set TF_VAR_${name})`);
    const provider = new DatadogProvider(this, "provider", {
      alias: siteSlug(props.site),
      apiUrl: `${info.apiUrl}/`,
      apiKey: key(names.apiKey, "API key").stringValue,
      appKey: key(names.appKey, "application key").stringValue,
    });
    const on = { provider };

    for (const realm of props.realms) {
      const route = props.routes.get(realm.realm);
      const pagerduty = route
        ? new IntegrationPagerdutyServiceObject(this, `pagerduty-${realm.realm}`, {
            ...on,
            serviceName: route.serviceName,
            serviceKey: route.integrationKey,
          })
        : undefined;
      for (const account of realm.accounts) this.integrate(realm, account, on);
      for (const monitor of realm.monitors) {
        const q = datadogQuery(monitor, realm);
        new Monitor(this, `monitor-${monitor.key.replace(/\//g, "-")}`, {
          ...on,
          name: `[${monitor.realm}] ${monitor.alert.title} (${monitor.provider} ${monitor.region})`,
          type: "query alert",
          query: q.query,
          message: monitorMessage(realm, monitor, route),
          tags: [...monitor.tags],
          priority: String(severityScales.datadog[monitor.alert.severity]),
          monitorThresholds: { critical: String(q.critical) },
          notifyNoData: q.notifyNoData,
          noDataTimeframe: q.notifyNoData ? Math.max(10, monitor.alert.windowMinutes * 3) : undefined,
          // Cloud metrics arrive through the integrations' crawlers, up to 15 minutes late.
          evaluationDelay: 900,
          requireFullWindow: false,
          includeTags: true,
          ...(pagerduty ? { dependsOn: [pagerduty] } : {}),
        });
      }
    }
    fleetDashboard(this, "dashboard", { site: props.site, realms: props.realms, provider });
  }

  private integrate(realm: FleetRealm, account: FleetAccount, on: { provider: DatadogProvider }): void {
    const tags = realmTagList(realm.model, account.target);
    const id = `${account.provider}-${realm.realm}`;
    const dd = realm.model.config.observability?.datadog;
    if (account.provider === "aws") {
      const site = DATADOG_SITES.get(realm.destination!.site)!;
      if (!site.awsAccount) {
        throw new RealmkitError(
          "RK-OBSERVABILITY-SITE",
          `Realmkit does not know which AWS account Datadog's ${site.site} integration uses`,
          {
            realm: realm.realm,
            value: site.site,
            fix: "use a Datadog site Realmkit lists with an AWS account (datadoghq.com, us3, us5, datadoghq.eu, ap1), or add it to lib/observability/sites.ts",
          },
        );
      }
      const integration = new IntegrationAwsAccount(this, `integration-${id}`, {
        ...on,
        awsAccountId: account.account,
        awsPartition: "aws",
        accountTags: tags,
        authConfig: { awsAuthConfigRole: { roleName: AGGREGATOR_IDENTITIES.datadogAwsRole } },
        awsRegions: { includeOnly: [account.region] },
        // The realm's platform logs reach Datadog through the Forwarder its AWS stack creates in its
        // region, only when the site lies inside the residency (the plan decides, a guardrail checks).
        // No automatic `sources`: the realm stack subscribes exactly its own log groups, and
        // Datadog's auto-subscription would add a second filter to the same groups.
        logsConfig: {
          lambdaForwarder: realm.logs.forward
            ? { lambdas: [forwarderArn(realm.realm, account)], sources: [] }
            : { lambdas: [], sources: [] },
        },
        metricsConfig: { namespaceFilters: { includeOnly: AWS_NAMESPACES }, collectCloudwatchAlarms: true },
        resourcesConfig: { cloudSecurityPostureManagementCollection: false, extendedCollection: true },
        tracesConfig: { xrayServices: { includeOnly: [] } },
      });
      // The realm's AWS stack needs it for the role's trust policy (TF_VAR_datadog_aws_external_id).
      new TerraformOutput(this, `external-id-${realm.realm}`, {
        value: integration.authConfig.awsAuthConfigRole.externalId,
        sensitive: true,
        description: `External id for the Datadog role in ${account.stackId} (its TF_VAR_${DATADOG_EXTERNAL_ID_VARIABLE})`,
      }).overrideLogicalId(`${DATADOG_EXTERNAL_ID_VARIABLE}_${realm.realm}`);
    } else if (account.provider === "gcp") {
      new IntegrationGcpSts(this, `integration-${id}`, {
        ...on,
        clientEmail: `${AGGREGATOR_IDENTITIES.datadogGcpAccount}@${account.account}.iam.gserviceaccount.com`,
        accountTags: tags,
        automute: true,
        isCspmEnabled: false,
        resourceCollectionEnabled: true,
      });
    } else {
      const tenant = account.target.cloud.tenant;
      if (!tenant || !dd?.azureClientId) {
        throw new RealmkitError(
          "RK-OBSERVABILITY-AZURE-APP",
          `realm ${realm.realm} sends Azure metrics to Datadog but names no ${tenant ? "app registration" : "tenant"}`,
          {
            realm: realm.realm,
            location: locate(realm.model.resolved.provenance, "/observability/datadog"),
            fix: tenant
              ? "set observability.datadog.azureClientId (and azurePrincipalId) to the Entra ID app Datadog signs in with; its secret comes from TF_VAR_" +
                azureSecretVariable(realm.realm)
              : "set `tenant` on the azure entry of `clouds`",
          },
        );
      }
      const secret = sensitiveInput(
        this,
        azureSecretVariable(realm.realm),
        `Client secret of the Datadog app registration for realm ${realm.realm} (set TF_VAR_${azureSecretVariable(realm.realm)})`,
      );
      new IntegrationAzure(this, `integration-${id}`, {
        ...on,
        tenantName: tenant,
        clientId: dd.azureClientId,
        clientSecret: secret.stringValue,
        // Only the realm's resources: the subscription may hold others.
        hostFilters: `realm:${realm.realm}`,
        resourceCollectionEnabled: true,
        automute: true,
      });
    }
  }
}

/** The Datadog Forwarder Lambda the realm's AWS stack creates in its account and region (AwsLogForwarder). */
export function forwarderArn(realm: string, account: FleetAccount): string {
  return datadogForwarderArn(realm, account.region, account.account);
}

/**
 * The notification text: what fired, for which realm, and who hears it: the realm's PagerDuty
 * service when it has one, its alert e-mails otherwise (and on recovery, both).
 */
export function monitorMessage(realm: FleetRealm, monitor: FleetMonitor, route: PagingRoute | undefined): string {
  const mail = realm.alertEmails.map((e) => `@${e}`).join(" ");
  const notify = route ? `@pagerduty-${route.serviceName}` : mail;
  return [
    `Realm ${monitor.realm} (${realm.tier}, wave ${realm.wave}) ${monitor.provider} ${monitor.region}: ${monitor.alert.condition}.`,
    `{{#is_alert}}${notify}{{/is_alert}}`,
    `{{#is_no_data}}${notify}{{/is_no_data}}`,
    `{{#is_recovery}}${[route ? `@pagerduty-${route.serviceName}` : "", mail].filter(Boolean).join(" ")}{{/is_recovery}}`,
  ].join("\n");
}

/**
 * A sensitive Terraform input under exactly `name`, so `TF_VAR_<name>` sets it: keys and
 * secrets reach the providers from the environment and never appear in the stack JSON.
 */
export function sensitiveInput(scope: Construct, name: string, description: string): TerraformVariable {
  const v = new TerraformVariable(scope, name, { type: "string", sensitive: true, nullable: false, description });
  v.overrideLogicalId(name);
  return v;
}
