import { RealmkitError } from "../config/errors";
import type { Inventory } from "../model/inventory";
import type { RealmModel } from "../model/realm-model";
import type { GateResult, HealthGate } from "../rollout/gate";
import { realmsById } from "../rollout/realm-selection";
import { DATADOG_SITES, destinationOf } from "../model/aggregator-sites";
import { mask } from "./native/http";

/** One monitor as `GET /api/v1/monitor` returns it (the fields the verdict reads). */
export interface DatadogMonitorState {
  readonly id: number;
  readonly name: string;
  /** `OK`, `Alert`, `Warn`, `No Data`, `Unknown`, `Ignored`, `Skipped`. */
  readonly overall_state: string;
  readonly tags?: readonly string[];
}

/** States that hold a rollout: a firing monitor, and silence (no data is not health). */
export const UNHEALTHY_STATES: ReadonlySet<string> = new Set(["Alert", "No Data", "Unknown"]);

export interface HealthClientOptions {
  /** Environment: DD_API_KEY / DD_APP_KEY (or per site DD_API_KEY_<SITE>), REALMKIT_DATADOG_API_URL. */
  readonly env: NodeJS.ProcessEnv;
  /** Per request. @default 10000 */
  readonly timeoutMs?: number;
  /** Monitors per page (the API's `page_size`). @default 1000 */
  readonly pageSize?: number;
}

/** Where a site's monitor API is: REALMKIT_DATADOG_API_URL wins (a proxy, or the tests' fake). */
export function apiBase(site: string, env: NodeJS.ProcessEnv): string {
  const override = env.REALMKIT_DATADOG_API_URL?.trim();
  return (override || DATADOG_SITES.get(site)?.apiUrl || `https://api.${site}`).replace(/\/+$/, "");
}

/** A site's keys: `DD_API_KEY_DATADOGHQ_EU` for datadoghq.eu, else `DD_API_KEY` (likewise the app key). */
export function siteKeys(site: string, env: NodeJS.ProcessEnv): { apiKey: string; appKey: string } {
  const suffix = site.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  const apiKey = env[`DD_API_KEY_${suffix}`] || env.DD_API_KEY;
  const appKey = env[`DD_APP_KEY_${suffix}`] || env.DD_APP_KEY;
  if (!apiKey || !appKey) {
    throw new RealmkitError("RK-HEALTH-NO-KEYS", `no Datadog API and application key for ${site} in the environment`, {
      value: site,
      fix: `export DD_API_KEY and DD_APP_KEY (or DD_API_KEY_${suffix} and DD_APP_KEY_${suffix} for this site); the application key needs monitors_read`,
    });
  }
  return { apiKey, appKey };
}

/**
 * The realm's monitors, page by page: `GET /api/v1/monitor?monitor_tags=realm:<id>,managed-by:realmkit`
 * (monitor tags, the ones the fleet stack sets). Throws a plain-words Error on an HTTP error,
 * a body that is not a monitor list, or a timeout; keys never appear in a message.
 */
export async function listRealmMonitors(realm: string, site: string, options: HealthClientOptions): Promise<DatadogMonitorState[]> {
  const { apiKey, appKey } = siteKeys(site, options.env);
  const base = apiBase(site, options.env);
  const pageSize = options.pageSize ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const out: DatadogMonitorState[] = [];
  for (let page = 0; ; page++) {
    const url = new URL(`${base}/api/v1/monitor`);
    url.searchParams.set("monitor_tags", `realm:${realm},managed-by:realmkit`);
    url.searchParams.set("page", String(page));
    url.searchParams.set("page_size", String(pageSize));
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { "DD-API-KEY": apiKey, "DD-APPLICATION-KEY": appKey, Accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      if (e.name === "TimeoutError" || e.name === "AbortError")
        throw new Error(`the Datadog API (${base}) did not answer within ${timeoutMs / 1000} s`);
      throw new Error(
        `the Datadog API (${base}) could not be reached: ${mask(String((e as { cause?: Error }).cause?.message ?? e.message), [apiKey, appKey])}`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`the Datadog API (${base}) answered ${response.status}${errorsOf(text, apiKey, appKey)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`the Datadog API (${base}) answered with something that is not JSON`);
    }
    if (!Array.isArray(body) || !body.every(isMonitor))
      throw new Error(`the Datadog API (${base}) answered with something that is not a monitor list`);
    out.push(...body);
    if (body.length < pageSize) return out;
  }
}

function isMonitor(v: unknown): v is DatadogMonitorState {
  const m = v as DatadogMonitorState;
  return (
    typeof m === "object" && m !== null && typeof m.id === "number" && typeof m.name === "string" && typeof m.overall_state === "string"
  );
}

/** Datadog's `{"errors": [...]}` body, shortened and with the keys masked. */
function errorsOf(text: string, ...secrets: string[]): string {
  try {
    const errors = (JSON.parse(text) as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length) return `: ${mask(errors.map(String).join("; "), secrets).slice(0, 300)}`;
  } catch {
    // not JSON: the status says enough
  }
  return "";
}

/** One realm's verdict from its monitors: healthy only with monitors, none alerting or silent. */
export function verdictOf(realm: string, monitors: readonly DatadogMonitorState[]): GateResult {
  if (monitors.length === 0) {
    return {
      realm,
      healthy: false,
      reasons: ["Datadog has no monitor tagged realm:" + realm + " (is the fleet-observability stack applied?)"],
    };
  }
  const bad = monitors.filter((m) => UNHEALTHY_STATES.has(m.overall_state));
  return { realm, healthy: bad.length === 0, reasons: bad.map((m) => `monitor ${m.id} "${m.name}" is ${m.overall_state}`) };
}

/** The realm's health from its aggregator; an unreachable or failing API is an unhealthy verdict. */
export async function realmHealth(realm: RealmModel, options: HealthClientOptions): Promise<GateResult> {
  const d = destinationOf(realm.config);
  if (!d) return { realm: realm.id, healthy: false, reasons: ["observability.aggregator is none: no monitor can vouch for this realm"] };
  if (d.aggregator !== "datadog")
    return { realm: realm.id, healthy: false, reasons: [`realmkit health reads Datadog only; realm ${realm.id} uses ${d.aggregator}`] };
  try {
    return verdictOf(realm.id, await listRealmMonitors(realm.id, d.site, options));
  } catch (err) {
    if (err instanceof RealmkitError) throw err;
    return { realm: realm.id, healthy: false, reasons: [(err as Error).message] };
  }
}

/**
 * The monitor gate between waves, with the shape of every health gate: each realm of the wave
 * is healthy when Datadog's monitors of it are neither alerting nor without data.
 */
export function monitorGate(inventory: Inventory, options: HealthClientOptions): HealthGate {
  return async (_wave, realms) =>
    Promise.all(
      realmsById(inventory, realms).map((realm, i) =>
        realm ? realmHealth(realm, options) : Promise.resolve({ realm: realms[i]!, healthy: false, reasons: ["not in the inventory"] }),
      ),
    );
}

/**
 * Fails early, before any wave waits on it, when a Datadog realm's site has no keys in the
 * environment: a user mistake to fix, not a verdict on the realm.
 */
export function requireHealthKeys(inventory: Inventory, realms: readonly string[], env: NodeJS.ProcessEnv): void {
  for (const realm of realmsById(inventory, realms)) {
    const d = realm && destinationOf(realm.config);
    if (d?.aggregator === "datadog") siteKeys(d.site, env);
  }
}

/** Both gates must pass: a realm is healthy only when every gate says so, with all their reasons. */
export function allGates(...gates: readonly HealthGate[]): HealthGate {
  return async (wave, realms) => {
    const results = await Promise.all(gates.map((g) => g(wave, realms)));
    return realms.map((realm) => {
      const mine = results.map(
        (rs) =>
          rs.find((r) => r.realm === realm) ?? { realm, healthy: false, reasons: ["a health gate returned no verdict for this realm"] },
      );
      return { realm, healthy: mine.every((r) => r.healthy), reasons: mine.flatMap((r) => r.reasons) };
    });
  };
}
