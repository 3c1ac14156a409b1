import type { CloudTarget, RealmModel } from "../model/realm-model";
import { datadogLogsIntake, destinationOf } from "../model/aggregator-sites";
import { logForwarding, realmTagList } from "./plan";

/**
 * What a realm stack builds to forward its platform logs to Datadog, as plain data: derived
 * from the fleet plan's `logs.forward` (a site inside the residency), so the realm side and the
 * fleet side (the AWS integration's `lambdaForwarder`) read the same decision.
 */
export interface RealmLogForwarder {
  readonly realm: string;
  readonly site: string;
  /** The site's HTTP logs intake, the only destination. */
  readonly intakeUrl: string;
  /** The realm's region: every forwarding resource lives there. */
  readonly region: string;
  /** The secret holding the Datadog API key (created empty by the stack; the operator fills it). */
  readonly apiKeySecret: string;
  /** Datadog `key:value` tags every forwarded log carries. */
  readonly tags: readonly string[];
}

/** Default secret name, as in realms/_defaults.yaml, for realm files written before the field existed. */
export const DEFAULT_API_KEY_SECRET = "ibc-datadog-api-key";

/**
 * The forwarder of one realm/provider stack; undefined when the realm forwards nothing (no
 * aggregator, `logForwarding: false`, a site outside the residency) or its aggregator is New
 * Relic (Realmkit builds Datadog's forwarders only: docs/observability.md).
 */
export function realmLogForwarder(realm: RealmModel, target: CloudTarget): RealmLogForwarder | undefined {
  const destination = destinationOf(realm.config);
  if (!logForwarding(realm, destination).forward || destination?.aggregator !== "datadog") return undefined;
  const site = destination.site;
  return {
    realm: realm.id,
    site,
    intakeUrl: datadogLogsIntake(site),
    region: target.region,
    apiKeySecret: realm.config.observability?.datadog?.apiKeySecretName ?? DEFAULT_API_KEY_SECRET,
    tags: realmTagList(realm, target),
  };
}

/** Datadog's published CloudFormation template of the Forwarder (Datadog's Terraform install). */
export const DATADOG_FORWARDER_TEMPLATE_URL = "https://datadog-cloudformation-template.s3.amazonaws.com/aws/forwarder/latest.yaml";

/** The Forwarder Lambda's name in a realm account: the fleet stack's `lambdaForwarder` names the same function. */
export function datadogForwarderFunction(realm: string): string {
  return `ibc-${realm}-datadog-forwarder`;
}

/** The Forwarder's ARN in a realm's AWS account and region: what the fleet stack's integration lists. */
export function datadogForwarderArn(realm: string, region: string, account: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${datadogForwarderFunction(realm)}`;
}

/** Google's regional copy of the classic "Pub/Sub to Datadog" template: the job reads the template in its own region. */
export function pubsubToDatadogTemplate(region: string): string {
  return `gs://dataflow-templates-${region}/latest/Cloud_PubSub_to_Datadog`;
}
