import { RealmkitError } from "../config/errors";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { AGGREGATOR_IDENTITIES, DATADOG_EXTERNAL_ID_VARIABLE } from "./aggregator";
import { DATADOG_SITES, destinationOf, NEWRELIC_AWS_ACCOUNT } from "../model/aggregator-sites";

/**
 * What a realm stack creates so its aggregator can read it: the same names the fleet stack
 * integrates, derived from the realm file on both sides. Undefined: no aggregator, or none
 * that needs an identity on this cloud.
 */
export function awsAggregatorAccess(realm: RealmModel, target: CloudTarget) {
  const d = destinationOf(realm.config);
  if (!d || target.provider !== "aws") return undefined;
  if (d.aggregator === "newrelic") {
    const accountId = realm.config.observability?.newrelic?.accountId;
    if (!accountId) {
      throw new RealmkitError(
        "RK-OBSERVABILITY-NEWRELIC-ACCOUNT",
        `realm ${realm.id} sends AWS metrics to New Relic but names no New Relic account`,
        {
          realm: realm.id,
          fix: "set observability.newrelic.accountId (the New Relic account id is the external id of the role New Relic assumes)",
        },
      );
    }
    return {
      aggregator: "newrelic" as const,
      roleName: AGGREGATOR_IDENTITIES.newrelicAwsRole,
      trustedAccount: NEWRELIC_AWS_ACCOUNT,
      externalId: String(accountId),
    };
  }
  const site = DATADOG_SITES.get(d.site)!;
  if (!site.awsAccount) {
    throw new RealmkitError("RK-OBSERVABILITY-SITE", `Realmkit does not know which AWS account Datadog's ${site.site} integration uses`, {
      realm: realm.id,
      value: site.site,
      fix: "use a Datadog site Realmkit lists with an AWS account (datadoghq.com, us3, us5, datadoghq.eu, ap1), or add it to lib/observability/sites.ts",
    });
  }
  return {
    aggregator: "datadog" as const,
    roleName: AGGREGATOR_IDENTITIES.datadogAwsRole,
    trustedAccount: site.awsAccount,
    variableName: DATADOG_EXTERNAL_ID_VARIABLE,
  };
}

/** The Datadog service account of a GCP realm project (New Relic links GCP projects with its own account). */
export function gcpAggregatorAccess(realm: RealmModel, target: CloudTarget) {
  const d = destinationOf(realm.config);
  if (!d || d.aggregator !== "datadog" || target.provider !== "gcp") return undefined;
  return {
    project: target.account,
    realm: realm.id,
    accountId: AGGREGATOR_IDENTITIES.datadogGcpAccount,
    delegate: realm.config.observability?.datadog?.gcpDelegate,
  };
}

/** The Monitoring Reader grant of an Azure realm subscription, when the config names the app's principal. */
export function azureAggregatorAccess(realm: RealmModel, target: CloudTarget) {
  const d = destinationOf(realm.config);
  if (!d || target.provider !== "azure") return undefined;
  const principalId = d.aggregator === "datadog" ? realm.config.observability?.datadog?.azurePrincipalId : undefined;
  return principalId ? { subscriptionId: target.account, principalId } : undefined;
}
