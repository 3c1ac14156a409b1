import type { Construct } from "constructs";
import type { FleetRealm } from "./plan";
import type { AggregatorName } from "../model/aggregator-sites";

/** A realm's paging route once the PagerDuty side exists: what monitors notify. */
export interface PagingRoute {
  /** PagerDuty service name, as the aggregator's notification handle names it. */
  readonly serviceName: string;
  /** The Events integration key of the service (a Terraform reference, never a literal). */
  readonly integrationKey: string;
  readonly urgency: "high" | "low";
}

/**
 * The seam between the fleet stack and the monitoring product. An implementation adds, for
 * the realms sent to it, the cloud account links and one monitor per fleet monitor (with the
 * plan's tags and thresholds), notifying the realm's paging route when it has one and its
 * alert e-mails otherwise. Datadog and New Relic implement it; the stack picks per realm
 * from `observability.aggregator`.
 */
export interface Aggregator {
  readonly name: AggregatorName;
  build(scope: Construct, realms: readonly FleetRealm[], routes: ReadonlyMap<string, PagingRoute>): void;
}

/** Identity names the realm stacks create for aggregators, shared by both sides. */
export const AGGREGATOR_IDENTITIES = {
  /** IAM role Datadog assumes in each realm AWS account. */
  datadogAwsRole: "ibc-datadog-integration",
  /** IAM role New Relic assumes in each realm AWS account. */
  newrelicAwsRole: "ibc-newrelic-integration",
  /** Account id of the GCP service account Datadog impersonates (`<id>@<project>.iam.gserviceaccount.com`). */
  datadogGcpAccount: "ibc-datadog",
  /** Account id of the GCP service account New Relic reads with. */
  newrelicGcpAccount: "ibc-newrelic",
} as const;

/** Terraform input of the realm AWS stack: Datadog's external id for the role (a fleet stack output). */
export const DATADOG_EXTERNAL_ID_VARIABLE = "datadog_aws_external_id";
