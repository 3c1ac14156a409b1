import { RealmkitError } from "../../config/errors";
import { apiEndpoint, callApi, sameOrigin, shortMessage } from "./http";

/** The api-version of Alerts - Get All (Microsoft.AlertsManagement) this reader speaks. */
export const ALERTS_API_VERSION = "2023-07-12-preview";

/** One alert instance's essentials (the fields the verdict reads). */
export interface AzureAlertState {
  /** The alert rule's name (the last segment of `essentials.alertRule`). */
  readonly rule: string;
  /** `Fired` or `Resolved`. */
  readonly monitorCondition: string;
  readonly severity?: string;
  readonly targetResourceName?: string;
}

/** The bearer token for Azure Resource Manager, from the environment; never printed. */
export function azureToken(env: NodeJS.ProcessEnv): string {
  const token = env.AZURE_ACCESS_TOKEN?.trim();
  if (!token) {
    throw new RealmkitError("RK-HEALTH-NO-AZURE-TOKEN", "no Azure access token in the environment to read the Azure Monitor alerts", {
      fix: "put the output of `az account get-access-token --resource https://management.azure.com --query accessToken -o tsv` in AZURE_ACCESS_TOKEN (it lasts about an hour; Monitoring Reader on the subscription is enough)",
    });
  }
  return token;
}

/** Azure Resource Manager; REALMKIT_AZURE_MANAGEMENT_URL replaces it (a sovereign cloud, a proxy, the tests' fake). */
export function azureManagementBase(env: NodeJS.ProcessEnv): string {
  return apiEndpoint(env, "REALMKIT_AZURE_MANAGEMENT_URL", "https://management.azure.com");
}

export interface AzureMonitorOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

/**
 * Fired alerts on the resources of a realm's resource group: Alerts - Get All on the
 * subscription with `targetResourceGroup`, `monitorCondition=Fired` and the longest time range
 * the API offers (30 days; its default of one day would miss an alert firing since the day
 * before), followed through `nextLink` while it stays on the same host.
 */
export async function firedAlerts(subscription: string, resourceGroup: string, options: AzureMonitorOptions): Promise<AzureAlertState[]> {
  const token = azureToken(options.env);
  const base = azureManagementBase(options.env);
  const api = `Azure Monitor (subscription ${subscription})`;
  const first = new URL(`${base}/subscriptions/${encodeURIComponent(subscription)}/providers/Microsoft.AlertsManagement/alerts`);
  first.searchParams.set("api-version", ALERTS_API_VERSION);
  first.searchParams.set("targetResourceGroup", resourceGroup);
  first.searchParams.set("monitorCondition", "Fired");
  first.searchParams.set("timeRange", "30d");
  const out: AzureAlertState[] = [];
  for (const item of await armList(api, first.toString(), token, base, options.timeoutMs)) {
    const e = (item as { properties?: { essentials?: Record<string, unknown> } })?.properties?.essentials;
    if (!e || typeof e.monitorCondition !== "string" || typeof e.alertRule !== "string")
      throw new Error(`${api} answered with an alert that has no essentials.monitorCondition or alertRule`);
    out.push({
      rule: e.alertRule.split("/").filter(Boolean).pop() ?? e.alertRule,
      monitorCondition: e.monitorCondition,
      severity: typeof e.severity === "string" ? e.severity : undefined,
      targetResourceName: typeof e.targetResourceName === "string" ? e.targetResourceName : undefined,
    });
  }
  return out;
}

/** One metric alert rule of a resource group (Metric Alerts - List By Resource Group). */
export interface AzureAlertRule {
  readonly name: string;
  /** `properties.enabled`: a disabled rule never fires. */
  readonly enabled: boolean;
}

/** The api-version of Metric Alerts - List By Resource Group (Microsoft.Insights). */
export const METRIC_ALERTS_API_VERSION = "2018-03-01";

/**
 * The metric alert rules in a resource group: Alerts - Get All only lists rules that fired,
 * so this is how a rule that does not exist (stack not applied) or was disabled is told apart
 * from a quiet one.
 */
export async function metricAlertRules(
  subscription: string,
  resourceGroup: string,
  options: AzureMonitorOptions,
): Promise<AzureAlertRule[]> {
  const token = azureToken(options.env);
  const base = azureManagementBase(options.env);
  const api = `Azure Monitor (subscription ${subscription})`;
  const url = new URL(
    `${base}/subscriptions/${encodeURIComponent(subscription)}/resourceGroups/${encodeURIComponent(resourceGroup)}/providers/Microsoft.Insights/metricAlerts`,
  );
  url.searchParams.set("api-version", METRIC_ALERTS_API_VERSION);
  return (await armList(api, url.toString(), token, base, options.timeoutMs)).map((item) => {
    const r = item as { name?: unknown; properties?: { enabled?: unknown } };
    if (typeof r?.name !== "string" || typeof r.properties?.enabled !== "boolean")
      throw new Error(`${api} answered with a metric alert rule that has no name or properties.enabled`);
    return { name: r.name, enabled: r.properties.enabled };
  });
}

/** An ARM list (`{"value": [...], "nextLink"}`), every page, the token sent only to the API's own host. */
async function armList(api: string, url: string, token: string, base: string, timeoutMs: number): Promise<unknown[]> {
  const out: unknown[] = [];
  let next: string | undefined = url;
  for (let page = 0; next; page++) {
    if (page >= 100) throw new Error(`${api} kept sending further pages (100 read)`);
    const answer = await callApi({
      api,
      url: next,
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      timeoutMs,
      secrets: [token],
    });
    const body = parseJson(answer.text);
    if (!answer.ok) throw new Error(`${api} answered ${answer.status}${armError(body, [token])}${answer.status === 401 ? hint401 : ""}`);
    const value = (body as { value?: unknown } | undefined)?.value;
    if (!Array.isArray(value)) throw new Error(`${api} answered with something that is not a list`);
    out.push(...value);
    const link = (body as { nextLink?: unknown }).nextLink;
    next = typeof link === "string" && link ? link : undefined;
    if (next && !sameOrigin(next, base)) throw new Error(`${api} sent a nextLink to another host; not followed with the token`);
  }
  return out;
}

const hint401 =
  " (the token is missing, expired or not for https://management.azure.com: get a new one with `az account get-access-token`)";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** ARM's `{"error": {"code", "message"}}`, shortened and masked. */
function armError(body: unknown, secrets: readonly string[]): string {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!e || typeof e !== "object") return "";
  const text = [e.code, e.message].filter((x) => typeof x === "string" && x).join(": ");
  return text ? `: ${shortMessage(text, secrets)}` : "";
}
