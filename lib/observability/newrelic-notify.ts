import type { AlertPolicy } from "@cdktf/provider-newrelic/lib/alert-policy";
import { NotificationChannel } from "@cdktf/provider-newrelic/lib/notification-channel";
import { NotificationDestination } from "@cdktf/provider-newrelic/lib/notification-destination";
import type { NewrelicProvider } from "@cdktf/provider-newrelic/lib/provider";
import { Workflow } from "@cdktf/provider-newrelic/lib/workflow";
import type { Construct } from "constructs";
import type { PagingRoute } from "./aggregator";
import type { FleetRealm } from "./plan";

/**
 * The issue lifecycle a realm's workflow forwards: opening pages (or mails), acknowledging and
 * closing resolve the PagerDuty incident, so on-call never chases an issue New Relic closed.
 */
const TRIGGERS = ["ACTIVATED", "ACKNOWLEDGED", "CLOSED"];

/** What PagerDuty shows as the incident title (New Relic's Handlebars over the issue). */
const SUMMARY = "{{ annotations.title.[0] }}";

/**
 * How a New Relic realm's alerts reach people, the way New Relic routes them since alert
 * channels were retired: a workflow selects the issues of the realm's alert policy
 * (`labels.policyIds`) and sends them to a notification channel, which names a destination.
 * A paged realm's destination is its PagerDuty service, reached with the integration key of an
 * Events API v2 integration on the service (a Terraform reference: the key never appears in the
 * stack); urgency (prod pages, staging does not) is the service's, as for Datadog. A realm
 * without paging mails its alert e-mails. A realm with neither gets no workflow.
 */
export function notifyRealm(
  scope: Construct,
  realm: FleetRealm,
  policy: AlertPolicy,
  provider: NewrelicProvider,
  route: PagingRoute | undefined,
): Workflow | undefined {
  const name = `ibc-${realm.realm}`;
  let channel: NotificationChannel;
  if (route) {
    const destination = new NotificationDestination(scope, `pagerduty-destination-${realm.realm}`, {
      provider,
      name: `${name} PagerDuty ${route.serviceName}`,
      type: "PAGERDUTY_SERVICE_INTEGRATION",
      // The type takes no property, but the binding requires the block (New Relic's own example is empty).
      property: [{ key: "", value: "" }],
      authToken: { prefix: "Token token=", token: route.integrationKey },
    });
    channel = new NotificationChannel(scope, `pagerduty-channel-${realm.realm}`, {
      provider,
      name: `${name} PagerDuty (${route.urgency} urgency)`,
      type: "PAGERDUTY_SERVICE_INTEGRATION",
      product: "IINT",
      destinationId: destination.id,
      property: [{ key: "summary", value: `[${realm.realm}] ${SUMMARY}` }],
    });
  } else if (realm.alertEmails.length > 0) {
    const destination = new NotificationDestination(scope, `email-destination-${realm.realm}`, {
      provider,
      name: `${name} alert e-mails`,
      type: "EMAIL",
      property: [{ key: "email", value: realm.alertEmails.join(",") }],
    });
    channel = new NotificationChannel(scope, `email-channel-${realm.realm}`, {
      provider,
      name: `${name} alert e-mails`,
      type: "EMAIL",
      product: "IINT",
      destinationId: destination.id,
      property: [{ key: "subject", value: `[${realm.realm}] ${SUMMARY}` }],
    });
  } else {
    return undefined;
  }
  return new Workflow(scope, `workflow-${realm.realm}`, {
    provider,
    name,
    enabled: true,
    destinationsEnabled: true,
    enrichmentsEnabled: false,
    // A muting rule that covers every incident of an issue silences it; partial mutes still notify.
    mutingRulesHandling: "DONT_NOTIFY_FULLY_MUTED_ISSUES",
    issuesFilter: {
      name: `${name} alert policy`,
      type: "FILTER",
      predicate: [{ attribute: "labels.policyIds", operator: "EXACTLY_MATCHES", values: [policy.id] }],
    },
    destination: [{ channelId: channel.id, notificationTriggers: TRIGGERS }],
  });
}
