import { pagerdutyServiceName } from "./pagerduty";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The resource a whole-string reference `${<type>.<name>.<attribute>}` points at, if it is one. */
function follow(resources: Resources, ref: unknown, type: string, attribute: string): Record<string, unknown> | undefined {
  if (typeof ref !== "string") return undefined;
  const m = /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z0-9_]+)\}$/.exec(ref);
  if (!m || m[1] !== type || m[3] !== attribute) return undefined;
  return resources[type]?.[m[2]!];
}

/** Logical names of `type` resources whose fields satisfy `test`. */
function named(resources: Resources, type: string, test: (r: Record<string, unknown>) => boolean): string[] {
  return Object.entries(resources[type] ?? {})
    .filter(([, r]) => test(r))
    .map(([k]) => k);
}

/**
 * Why a New Relic realm's alerts do not reach its PagerDuty service, or undefined when they do.
 * Follows the chain in the stack JSON the way New Relic delivers an issue: the realm's alert
 * policy, a workflow filtering on that policy's id, a channel of the workflow, the channel's
 * PagerDuty destination and its integration key, which must be the reference to an integration
 * on the realm's service. A literal key, a workflow on another policy or a missing link fails.
 */
export function newRelicRouteProblem(resources: Resources, realm: string): string | undefined {
  const service = pagerdutyServiceName(realm);
  const policies = named(resources, "newrelic_alert_policy", (p) => p.name === service);
  if (policies.length === 0) return `no New Relic alert policy ${service}`;
  const policyRefs = new Set(policies.map((k) => `\${newrelic_alert_policy.${k}.id}`));
  const workflows = Object.values(resources.newrelic_workflow ?? {}).filter((w) => {
    const filter = w.issues_filter as { predicate?: { attribute?: string; operator?: string; values?: string[] }[] } | undefined;
    return (filter?.predicate ?? []).some(
      (p) => p.attribute === "labels.policyIds" && p.operator === "EXACTLY_MATCHES" && (p.values ?? []).some((v) => policyRefs.has(v)),
    );
  });
  if (workflows.length === 0) return `no New Relic workflow sends the issues of alert policy ${service} anywhere`;
  for (const w of workflows) {
    if (w.enabled === false) continue;
    for (const d of (w.destination as { channel_id?: string }[] | undefined) ?? []) {
      const channel = follow(resources, d.channel_id, "newrelic_notification_channel", "id");
      if (channel?.type !== "PAGERDUTY_SERVICE_INTEGRATION") continue;
      const destination = follow(resources, channel.destination_id, "newrelic_notification_destination", "id");
      if (destination?.type !== "PAGERDUTY_SERVICE_INTEGRATION") continue;
      const token = (destination.auth_token as { token?: unknown } | undefined)?.token;
      const integration = follow(resources, token, "pagerduty_service_integration", "integration_key");
      const target = integration && follow(resources, integration.service, "pagerduty_service", "id");
      if (target?.name === service) return undefined;
    }
  }
  return `the New Relic workflow of alert policy ${service} reaches no PagerDuty destination holding the integration key of service ${service}`;
}
