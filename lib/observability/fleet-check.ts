import { residencyZones } from "../model/residency";
import { pagerdutyServiceName } from "./pagerduty";
import { newRelicRouteProblem } from "./newrelic-route-check";
import { DATADOG_SITES } from "../model/aggregator-sites";
import type { FleetPlan } from "./plan";
import { datadogForwarderArn } from "./log-forwarding";

export interface FleetProblem {
  readonly code: "RK-OBSERVABILITY-COVERAGE" | "RK-OBSERVABILITY-PAGING" | "RK-OBSERVABILITY-LOG-RESIDENCY";
  readonly realm: string;
  readonly message: string;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/**
 * Checks the synthesized fleet stack against the plan it was built from, as the guardrails
 * check realm stacks: by reading the JSON, so an escape hatch that drops a monitor, a paging
 * service or sends logs to another site is caught. Every fleet monitor must exist with the
 * realm's tags, every realm account be integrated, every prod realm route to a PagerDuty
 * service (on New Relic, through the workflow of its alert policy), and log forwarding target only the realm's own residency.
 */
export function checkFleetStack(json: Record<string, unknown>, plan: FleetPlan): FleetProblem[] {
  const resources = (json.resource ?? {}) as Resources;
  const all = (type: string) => Object.values(resources[type] ?? {});
  const problems: FleetProblem[] = [];
  // By realm (Datadog's realm tag, New Relic's name prefix): each plan monitor is looked for
  // among its realm's resources only, not among every monitor of the fleet.
  const monitorsOf = new Map<string, Record<string, unknown>[]>();
  for (const r of [...all("datadog_monitor"), ...all("newrelic_nrql_alert_condition")]) {
    const tag = ((r.tags as string[] | undefined) ?? []).find((t) => t.startsWith("realm:"))?.slice("realm:".length);
    const named = typeof r.name === "string" ? /^\[([^\]]+)\] /.exec(r.name)?.[1] : undefined;
    for (const realm of new Set([tag, named])) {
      if (realm === undefined) continue;
      const list = monitorsOf.get(realm);
      if (list) list.push(r);
      else monitorsOf.set(realm, [r]);
    }
  }
  const services = new Set(all("pagerduty_service").map((s) => s.name as string));
  const providers = new Map<string, string>();
  for (const p of ((json.provider ?? {}) as Record<string, { alias?: string; api_url?: string }[]>).datadog ?? [])
    providers.set(`datadog.${p.alias}`, p.api_url ?? "");

  for (const realm of plan.realms) {
    if (!realm.destination) continue;
    const fail = (code: FleetProblem["code"], message: string) => problems.push({ code, realm: realm.realm, message });
    for (const m of realm.monitors) {
      const found = (monitorsOf.get(m.realm) ?? []).some((r) => {
        const tags = (r.tags as string[] | undefined) ?? [];
        const name = r.name as string;
        const datadog = m.tags.every((t) => tags.includes(t));
        const newrelic =
          name === `[${m.realm}] ${m.alert.title} (${m.provider} ${m.region})` &&
          typeof r.description === "string" &&
          m.tags.every((t) => (r.description as string).includes(t));
        return datadog || newrelic;
      });
      if (!found) fail("RK-OBSERVABILITY-COVERAGE", `no fleet monitor for ${m.alert.title} of ${m.stackId} (tags ${m.tags.join(", ")})`);
    }
    for (const a of realm.accounts) {
      const integrated =
        all("datadog_integration_aws_account").some(
          (r) => r.aws_account_id === a.account && (r.account_tags as string[]).includes(`realm:${realm.realm}`),
        ) ||
        all("datadog_integration_gcp_sts").some((r) => (r.client_email as string).endsWith(`@${a.account}.iam.gserviceaccount.com`)) ||
        all("datadog_integration_azure").some((r) => r.host_filters === `realm:${realm.realm}`) ||
        all("newrelic_cloud_aws_link_account").some((r) => (r.arn as string).includes(`::${a.account}:`)) ||
        all("newrelic_cloud_gcp_link_account").some((r) => r.project_id === a.account) ||
        all("newrelic_cloud_azure_link_account").some((r) => r.subscription_id === a.account);
      if (!integrated)
        fail(
          "RK-OBSERVABILITY-COVERAGE",
          `cloud account ${a.provider} ${a.account} of ${a.stackId} has no ${realm.destination.aggregator} integration`,
        );
    }
    if (realm.tier === "prod" && !services.has(pagerdutyServiceName(realm.realm))) {
      fail("RK-OBSERVABILITY-PAGING", `prod realm ${realm.realm} routes to no PagerDuty service`);
    } else if (realm.tier === "prod" && realm.destination.aggregator === "newrelic") {
      // New Relic notifies nobody by default: the service alone is not a route.
      const broken = newRelicRouteProblem(resources, realm.realm);
      if (broken) fail("RK-OBSERVABILITY-PAGING", `prod realm ${realm.realm} pages nobody: ${broken}`);
    }
    // Log forwarding: each AWS integration that forwards must sit on a provider whose site is in the residency.
    const allowed = residencyZones[realm.residency] ?? [];
    for (const r of all("datadog_integration_aws_account")) {
      if (!(r.account_tags as string[]).includes(`realm:${realm.realm}`)) continue;
      const listed = (r.logs_config as { lambda_forwarder?: { lambdas?: string[] } })?.lambda_forwarder?.lambdas ?? [];
      // The integration names exactly the Forwarder the realm's AWS stack creates, and only when the plan forwards.
      const account = realm.accounts.find((a) => a.provider === "aws" && a.account === r.aws_account_id);
      const expected = realm.logs.forward && account ? [datadogForwarderArn(realm.realm, account.region, account.account)] : [];
      if (listed.length !== expected.length || listed.some((l, i) => l !== expected[i]))
        fail(
          "RK-OBSERVABILITY-LOG-RESIDENCY",
          `realm ${realm.realm}'s AWS integration lists forwarders [${listed.join(", ")}], its stack creates [${expected.join(", ")}]`,
        );
      if (listed.length === 0) continue;
      const url = providers.get(r.provider as string) ?? "";
      const zone = [...DATADOG_SITES.values()].find((s) => url.startsWith(s.apiUrl))?.zone ?? "unknown";
      if (!allowed.includes(zone))
        fail(
          "RK-OBSERVABILITY-LOG-RESIDENCY",
          `realm ${realm.realm} (residency ${realm.residency}) forwards logs to ${url || "an unknown Datadog site"} (${zone})`,
        );
    }
  }
  return problems;
}
