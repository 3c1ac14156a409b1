import { RealmkitError } from "../../config/errors";
import { callApi, shortMessage } from "./http";

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
  return (env.REALMKIT_GCP_MONITORING_URL?.trim() || "https://monitoring.googleapis.com").replace(/\/+$/, "");
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
  const token = gcpToken(options.env);
  const base = gcpMonitoringBase(options.env);
  const api = `Cloud Monitoring (project ${project})`;
  const out: GcpAlertState[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  do {
    const url = new URL(`${base}/v3/projects/${encodeURIComponent(project)}/alerts`);
    url.searchParams.set("filter", 'state = "OPEN"');
    url.searchParams.set("pageSize", String(Math.min(1000, options.pageSize ?? 1000)));
    if (pageToken) url.searchParams.set("pageToken", pageToken);
    const answer = await callApi({
      api,
      url: url.toString(),
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      timeoutMs: options.timeoutMs,
      secrets: [token],
    });
    const body = parseJson(answer.text) as { alerts?: unknown; nextPageToken?: unknown; error?: { status?: unknown; message?: unknown } };
    if (!answer.ok) {
      const e = body?.error;
      const text = e ? [e.status, e.message].filter((x) => typeof x === "string" && x).join(": ") : "";
      throw new Error(`${api} answered ${answer.status}${text ? `: ${shortMessage(text, [token])}` : ""}`);
    }
    if (!body || typeof body !== "object" || (body.alerts !== undefined && !Array.isArray(body.alerts)))
      throw new Error(`${api} answered with something that is not an alert list`);
    // An empty list comes back as `{}`: proto3 JSON leaves empty fields out.
    for (const item of (body.alerts as unknown[] | undefined) ?? []) {
      const a = item as { name?: unknown; state?: unknown; policy?: { displayName?: unknown } };
      if (typeof a?.name !== "string" || typeof a.state !== "string")
        throw new Error(`${api} answered with an alert that has no name or state`);
      out.push({ name: a.name, state: a.state, policy: typeof a.policy?.displayName === "string" ? a.policy.displayName : "" });
    }
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
