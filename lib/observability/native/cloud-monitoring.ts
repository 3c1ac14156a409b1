import { RealmkitError } from "../../config/errors";
import { apiEndpoint, callApi, shortMessage } from "./http";

/** One alert (incident) as `projects.alerts.list` returns it (the fields the verdict reads). */
export interface GcpAlertState {
  readonly name: string;
  /** `OPEN` or `CLOSED`. */
  readonly state: string;
  /** The display name of the alert policy that opened it (`policy.displayName`). */
  readonly policy: string;
}

/** An OAuth access token for Google APIs, from the environment (the one the google Terraform provider reads). */
export function gcpToken(env: NodeJS.ProcessEnv): string {
  const token = env.GOOGLE_OAUTH_ACCESS_TOKEN?.trim();
  if (!token) {
    throw new RealmkitError("RK-HEALTH-NO-GCP-TOKEN", "no Google access token in the environment to read the Cloud Monitoring alerts", {
      fix: "put the output of `gcloud auth print-access-token` in GOOGLE_OAUTH_ACCESS_TOKEN (it lasts about an hour; roles/monitoring.viewer on the project is enough)",
    });
  }
  return token;
}

/** Cloud Monitoring's API; REALMKIT_GCP_MONITORING_URL replaces it (a proxy, or the tests' fake). */
export function gcpMonitoringBase(env: NodeJS.ProcessEnv): string {
  return apiEndpoint(env, "REALMKIT_GCP_MONITORING_URL", "https://monitoring.googleapis.com");
}

export interface CloudMonitoringOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Alerts per page (`pageSize`, at most 1000). @default 1000 */
  readonly pageSize?: number;
}

/**
 * The open alerts of a project: `GET /v3/projects/<project>/alerts` (the documented list of
 * alerts, which the console calls incidents; a Preview method of the v3 API) with
 * `filter=state = "OPEN"`, followed through `nextPageToken`. The state is checked again here:
 * the filter's documented meaning is loose, and a filter the server ignored must not let a
 * closed alert through or an open one be missed.
 */
export async function openAlerts(project: string, options: CloudMonitoringOptions): Promise<GcpAlertState[]> {
  const items = await googleList(project, "alerts", { filter: 'state = "OPEN"' }, options);
  return items.map((item) => {
    const a = item as { name?: unknown; state?: unknown; policy?: { displayName?: unknown } };
    if (typeof a?.name !== "string" || typeof a.state !== "string")
      throw new Error(`Cloud Monitoring (project ${project}) answered with an alert that has no name or state`);
    return { name: a.name, state: a.state, policy: typeof a.policy?.displayName === "string" ? a.policy.displayName : "" };
  });
}

/** One alert policy of a project (the fields the verdict reads). */
export interface GcpAlertPolicy {
  readonly displayName: string;
  /** `enabled`; left out means unknown (the API says not to assume), reported as false only when it says so. */
  readonly enabled?: boolean;
}

/**
 * The project's alert policies (`projects.alertPolicies.list`): the alerts list holds only
 * what fired, so this is how a policy that does not exist (stack not applied) or was
 * disabled is told apart from a quiet one.
 */
export async function alertPolicies(project: string, options: CloudMonitoringOptions): Promise<GcpAlertPolicy[]> {
  const items = await googleList(project, "alertPolicies", {}, options);
  return items.map((item) => {
    const p = item as { displayName?: unknown; enabled?: unknown };
    if (typeof p?.displayName !== "string")
      throw new Error(`Cloud Monitoring (project ${project}) answered with an alert policy that has no displayName`);
    return { displayName: p.displayName, enabled: typeof p.enabled === "boolean" ? p.enabled : undefined };
  });
}

/** A v3 list method of a project, every `nextPageToken` page; the items under the collection's own key. */
async function googleList(
  project: string,
  collection: "alerts" | "alertPolicies",
  query: Record<string, string>,
  options: CloudMonitoringOptions,
): Promise<unknown[]> {
  const token = gcpToken(options.env);
  const base = gcpMonitoringBase(options.env);
  const api = `Cloud Monitoring (project ${project})`;
  const out: unknown[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  do {
    const url = new URL(`${base}/v3/projects/${encodeURIComponent(project)}/${collection}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    url.searchParams.set("pageSize", String(Math.min(1000, options.pageSize ?? 1000)));
    if (pageToken) url.searchParams.set("pageToken", pageToken);
    const answer = await callApi({
      api,
      url: url.toString(),
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      timeoutMs: options.timeoutMs,
      secrets: [token],
    });
    const body = parseJson(answer.text) as Record<string, unknown> & {
      nextPageToken?: unknown;
      error?: { status?: unknown; message?: unknown };
    };
    if (!answer.ok) {
      const e = body?.error;
      const text = e ? [e.status, e.message].filter((x) => typeof x === "string" && x).join(": ") : "";
      throw new Error(`${api} answered ${answer.status}${text ? `: ${shortMessage(text, [token])}` : ""}`);
    }
    const items = body?.[collection];
    if (!body || typeof body !== "object" || (items !== undefined && !Array.isArray(items)))
      throw new Error(`${api} answered with something that is not a list of ${collection}`);
    // An empty list comes back as `{}`: proto3 JSON leaves empty fields out.
    out.push(...((items as unknown[] | undefined) ?? []));
    pageToken = typeof body.nextPageToken === "string" && body.nextPageToken ? body.nextPageToken : undefined;
    if (pageToken && seen.has(pageToken)) throw new Error(`${api} returned the same nextPageToken twice`);
    if (pageToken) seen.add(pageToken);
  } while (pageToken);
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
