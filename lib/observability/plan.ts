import type { Provider, Tier } from "../config/types";
import { realmAlerts, type ResolvedAlert, type WatchedComponent } from "../model/alerts";
import type { Inventory } from "../model/inventory";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { residencyZones } from "../model/residency";
import { destinationOf, type Destination } from "../model/aggregator-sites";

/** The fleet stack's id, beside the realm stacks' `realm-<id>[-<provider>]` (never one of them: realm ids have no hyphen). */
export const FLEET_STACK_ID = "fleet-observability";

/**
 * What the fleet-observability stack holds, as plain data: per realm its cloud accounts, the
 * monitors per component (the same alert set as the realm's native alarms), its paging and
 * where its logs may go. Built from the inventory alone, so guardrails, tests and both
 * aggregator implementations read one plan and cannot disagree.
 */
export interface FleetPlan {
  readonly realms: readonly FleetRealm[];
}

export interface FleetRealm {
  readonly realm: string;
  readonly tier: Tier;
  readonly wave: number;
  readonly residency: string;
  /** Undefined: `observability.aggregator: none`, the realm is not in the fleet stack. */
  readonly destination?: Destination;
  readonly accounts: readonly FleetAccount[];
  readonly monitors: readonly FleetMonitor[];
  readonly paging?: FleetPaging;
  /** Whether logs are forwarded, and why not when they are not. */
  readonly logs: { readonly forward: boolean; readonly reason: string };
  readonly alertEmails: readonly string[];
  /** The realm model, for aggregator details (identities, storage sizes). */
  readonly model: RealmModel;
}

/** One realm/provider pair: the cloud account the aggregator integrates. */
export interface FleetAccount {
  readonly provider: Provider;
  readonly account: string;
  readonly region: string;
  readonly stackId: string;
  readonly target: CloudTarget;
}

export interface FleetMonitor {
  /** Stable key: `<stackId>/<alert id>`. */
  readonly key: string;
  readonly realm: string;
  readonly provider: Provider;
  readonly region: string;
  readonly component: WatchedComponent;
  readonly alert: ResolvedAlert;
  /** Datadog-style `key:value` tags: realm, provider, region, tier, wave, residency, component, alert. */
  readonly tags: readonly string[];
  readonly stackId: string;
}

export interface FleetPaging {
  readonly urgency: "high" | "low";
  readonly schedules: readonly string[];
  readonly escalationDelayMinutes: number;
}

/** The tags every fleet resource of a realm carries, in Datadog's `key:value` form. */
export function realmTagList(realm: RealmModel, target?: CloudTarget): string[] {
  const c = realm.config;
  return [
    `realm:${realm.id}`,
    ...(target ? [`provider:${target.provider}`, `region:${target.region}`] : []),
    `tier:${c.tier}`,
    `wave:${c.wave}`,
    `residency:${c.residency}`,
    "managed-by:realmkit",
  ];
}

export function fleetPlan(inventory: Inventory): FleetPlan {
  return { realms: inventory.realms.map(fleetRealm) };
}

export function fleetRealm(realm: RealmModel): FleetRealm {
  const c = realm.config;
  const destination = destinationOf(c);
  const accounts = realm.targets.map((target) => ({
    provider: target.provider,
    account: target.account,
    region: target.region,
    stackId: target.stackId,
    target,
  }));
  const monitors = realm.targets.flatMap((target) =>
    realmAlerts(c, target).map((alert) => ({
      key: `${target.stackId}/${alert.id}`,
      realm: realm.id,
      provider: target.provider,
      region: target.region,
      component: alert.component,
      alert,
      tags: [...realmTagList(realm, target), `component:${alert.component}`, `alert:${alert.id}`, `severity:${alert.severity}`],
      stackId: target.stackId,
    })),
  );
  const p = c.observability?.paging;
  return {
    realm: realm.id,
    tier: c.tier,
    wave: c.wave,
    residency: c.residency,
    destination,
    accounts,
    monitors,
    paging: p && {
      urgency: p.urgency ?? (c.tier === "prod" ? "high" : "low"),
      schedules: p.schedules ?? [],
      escalationDelayMinutes: p.escalationDelayMinutes ?? 30,
    },
    logs: logForwarding(realm, destination),
    alertEmails: c.observability?.alertEmails ?? [],
    model: realm,
  };
}

/**
 * Logs leave the realm's clouds only to a destination inside its residency: a realm whose
 * aggregator site lies outside (an EU realm on datadoghq.com) forwards nothing, and the
 * residency guardrail reports it so the choice is visible rather than silent.
 */
export function logForwarding(
  realm: Pick<RealmModel, "config">,
  destination: Destination | undefined,
): { forward: boolean; reason: string } {
  if (!destination) return { forward: false, reason: "no aggregator" };
  if (realm.config.observability?.logForwarding === false) return { forward: false, reason: "observability.logForwarding is false" };
  const allowed = residencyZones[realm.config.residency] ?? [];
  if (!allowed.includes(destination.zone)) {
    return {
      forward: false,
      reason: `${destination.aggregator} ${destination.site} keeps data in ${destination.zone}, outside residency ${realm.config.residency}`,
    };
  }
  return {
    forward: true,
    reason: `${destination.aggregator} ${destination.site} (${destination.zone}) is inside residency ${realm.config.residency}`,
  };
}

/** Realms in the fleet stack (those with an aggregator). */
export function aggregated(plan: FleetPlan): FleetRealm[] {
  return plan.realms.filter((r) => r.destination !== undefined);
}

/** Whether the inventory sends any realm to an aggregator (else there is no fleet stack). */
export function hasFleetStack(inventory: Inventory): boolean {
  return inventory.realms.some((r) => destinationOf(r.config) !== undefined);
}
