import { DataPagerdutyVendor } from "@cdktf/provider-pagerduty/lib/data-pagerduty-vendor";
import { EscalationPolicy } from "@cdktf/provider-pagerduty/lib/escalation-policy";
import { Service } from "@cdktf/provider-pagerduty/lib/service";
import { ServiceIntegration } from "@cdktf/provider-pagerduty/lib/service-integration";
import type { Construct } from "constructs";
import type { PagingRoute } from "./aggregator";
import type { FleetPaging, FleetRealm } from "./plan";

/** The PagerDuty vendor whose integration each aggregator sends events through. */
const VENDORS = { datadog: "Datadog", newrelic: "New Relic" } as const;

/**
 * New Relic's PagerDuty destination (service integration) posts PagerDuty Events API v2
 * events with the key it holds, so its integration on the service is the generic Events API
 * v2 one, not the vendor integration (which is for New Relic's retired alert channels).
 */
const EVENTS_V2 = "events_api_v2_inbound_integration";

/** PagerDuty service name of a realm: also the `@pagerduty-<name>` handle in Datadog messages. */
export function pagerdutyServiceName(realm: string): string {
  return `ibc-${realm}`;
}

/**
 * Routing by tier: one escalation policy per tier and paging setting (prod realms share one,
 * staging realms another), one service per realm on its tier's policy with the tier's urgency
 * (prod: high, pages; staging: low, an incident without a page), and an integration of the
 * realm's aggregator on the service. Returns the route of each paged realm.
 */
export function addPagerDutyRouting(scope: Construct, realms: readonly FleetRealm[]): Map<string, PagingRoute> {
  const routes = new Map<string, PagingRoute>();
  const paged = realms.filter((r): r is FleetRealm & { paging: FleetPaging } => r.paging !== undefined && r.paging.schedules.length > 0);
  if (paged.length === 0) return routes;

  const policies = new Map<string, EscalationPolicy>();
  const policyFor = (r: (typeof paged)[number]): EscalationPolicy => {
    const key = JSON.stringify([r.tier, r.paging.schedules, r.paging.escalationDelayMinutes]);
    let policy = policies.get(key);
    if (!policy) {
      const n = [...policies.keys()].filter((k) => JSON.parse(k)[0] === r.tier).length;
      const name = `realmkit-${r.tier}${n ? `-${n + 1}` : ""}`;
      policy = new EscalationPolicy(scope, `escalation-${name}`, {
        name,
        description: `Realmkit ${r.tier} realms: ${r.paging.schedules.join(" then ")}, ${r.paging.escalationDelayMinutes} min apart`,
        numLoops: r.tier === "prod" ? 2 : 0,
        rule: r.paging.schedules.map((id) => ({
          escalationDelayInMinutes: r.paging.escalationDelayMinutes,
          target: [{ type: "schedule_reference", id }],
        })),
      });
      policies.set(key, policy);
    }
    return policy;
  };

  const vendors = new Map<string, DataPagerdutyVendor>();
  const vendorOf = (aggregator: "datadog"): DataPagerdutyVendor => {
    let vendor = vendors.get(aggregator);
    if (!vendor) {
      vendor = new DataPagerdutyVendor(scope, `vendor-${aggregator}`, { name: VENDORS[aggregator] });
      vendors.set(aggregator, vendor);
    }
    return vendor;
  };
  for (const r of paged) {
    const aggregator = r.destination?.aggregator ?? "datadog";
    const name = pagerdutyServiceName(r.realm);
    const service = new Service(scope, `service-${r.realm}`, {
      name,
      description: `Realm ${r.realm} (${r.tier}, wave ${r.wave}, residency ${r.residency}): alerts from ${aggregator}`,
      escalationPolicy: policyFor(r).id,
      alertCreation: "create_alerts_and_incidents",
      // Prod pages at once; staging opens an incident nobody is woken for.
      incidentUrgencyRule: { type: "constant", urgency: r.paging.urgency },
      autoResolveTimeout: "14400",
      acknowledgementTimeout: r.paging.urgency === "high" ? "1800" : "null",
    });
    const integration = new ServiceIntegration(scope, `integration-${r.realm}`, {
      name: VENDORS[aggregator],
      service: service.id,
      ...(aggregator === "newrelic" ? { type: EVENTS_V2 } : { vendor: vendorOf(aggregator).id }),
    });
    routes.set(r.realm, { serviceName: name, integrationKey: integration.integrationKey, urgency: r.paging.urgency });
  }
  return routes;
}
