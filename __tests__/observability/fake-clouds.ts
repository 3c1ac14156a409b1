import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake CloudWatch answers for the alarms under one AlarmNamePrefix. */
export type CloudWatchBehaviour =
  | { kind: "alarms"; states: readonly string[] }
  | { kind: "error"; status: number; code: string; message: string }
  | { kind: "hang" }
  | { kind: "raw"; body: string };

/** One fired or resolved alert instance in a resource group, as Alerts - Get All lists it. */
export interface FakeAzureAlert {
  readonly rule: string;
  readonly condition: "Fired" | "Resolved";
}
export type AzureBehaviour = { kind: "alerts"; alerts: readonly FakeAzureAlert[]; pageSize?: number } | { kind: "hang" };

export interface FakeGcpAlert {
  readonly policy: string;
  readonly state: "OPEN" | "CLOSED";
}
/** A metric alert rule of a resource group, as Metric Alerts - List By Resource Group lists it. */
export interface FakeAzureRule {
  readonly name: string;
  readonly enabled: boolean;
}

/** An alert policy of a project, as projects.alertPolicies.list lists it. */
export interface FakeGcpPolicy {
  readonly displayName: string;
  readonly enabled: boolean;
}

export type GcpBehaviour = { kind: "alerts"; alerts: readonly FakeGcpAlert[] } | { kind: "hang" };

export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

export interface FakeClouds {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The SigV4 check of each CloudWatch request: undefined when the signature is right, else what is wrong. */
  readonly signatureProblems: (string | undefined)[];
  cloudWatch(prefix: string, b: CloudWatchBehaviour): void;
  azure(resourceGroup: string, b: AzureBehaviour): void;
  gcp(project: string, b: GcpBehaviour): void;
  azureRules(resourceGroup: string, rules: readonly FakeAzureRule[]): void;
  gcpPolicies(project: string, policies: readonly FakeGcpPolicy[]): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeCloudSecrets {
  readonly awsAccessKeyId: string;
  readonly awsSecretAccessKey: string;
  readonly azureToken: string;
  readonly gcpToken: string;
}

const CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";

/**
 * A local fake (127.0.0.1, never a real endpoint) of the three native alarm APIs, answering
 * in their documented shapes: CloudWatch's Query API (form POST, XML, NextToken pages; each
 * request's SigV4 signature recomputed here, independently of the client's library), Azure's
 * Alerts - Get All (nextLink pages, bearer token) and Cloud Monitoring's projects.alerts.list
 * (nextPageToken pages, bearer token).
 */
export async function startFakeClouds(secrets: FakeCloudSecrets): Promise<FakeClouds> {
  const cw = new Map<string, CloudWatchBehaviour>();
  const az = new Map<string, AzureBehaviour>();
  const gc = new Map<string, GcpBehaviour>();
  const rules = new Map<string, readonly FakeAzureRule[]>();
  const policies = new Map<string, readonly FakeGcpPolicy[]>();
  const requests: RecordedRequest[] = [];
  const signatureProblems: (string | undefined)[] = [];
  const hanging: ServerResponse[] = [];

  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      requests.push({ method: req.method ?? "", url, headers: req.headers, body });
      if (req.method === "POST" && url.pathname === "/") return cloudWatch(req, res, body);
      if (url.pathname.includes("/providers/Microsoft.AlertsManagement/alerts")) return azure(req, res, url);
      if (url.pathname.endsWith("/providers/Microsoft.Insights/metricAlerts")) return azureRuleList(req, res, url);
      if (/^\/v3\/projects\/[^/]+\/alerts$/.test(url.pathname)) return gcp(req, res, url);
      if (/^\/v3\/projects\/[^/]+\/alertPolicies$/.test(url.pathname)) return gcpPolicyList(req, res, url);
      return send(res, 404, "application/json", JSON.stringify({ error: { code: "NotFound", message: url.pathname } }));
    });
  });

  function cloudWatch(req: IncomingMessage, res: ServerResponse, body: string): void {
    const problem = sigV4Problem(req, body, secrets);
    signatureProblems.push(problem);
    if (problem) return send(res, 403, "text/xml", errorXml("SignatureDoesNotMatch", problem));
    const form = new URLSearchParams(body);
    if (form.get("Action") !== "DescribeAlarms" || form.get("Version") !== "2010-08-01")
      return send(res, 400, "text/xml", errorXml("InvalidAction", "unknown action"));
    const prefix = form.get("AlarmNamePrefix") ?? "";
    const b = cw.get(prefix) ?? { kind: "alarms", states: [] };
    if (b.kind === "hang") return void hanging.push(res);
    if (b.kind === "raw") return send(res, 200, "text/xml", b.body);
    if (b.kind === "error") return send(res, b.status, "text/xml", errorXml(b.code, b.message));
    const size = Number(form.get("MaxRecords") ?? 50);
    const start = form.get("NextToken") ? Number(Buffer.from(form.get("NextToken")!, "base64").toString().replace("page:", "")) : 0;
    const names = ["db-cpu-high", "db-storage-low", "db-connections-high", "eks-nodes-failed", "eks-node-capacity", "s3-documents-5xx"];
    const page = b.states.slice(start, start + size).map(
      (state, i) => `<member>
        <AlarmName>${prefix}${names[(start + i) % names.length]}${start + i >= names.length ? `-${start + i}` : ""}</AlarmName>
        <AlarmArn>arn:aws:cloudwatch:us-east-1:111122223333:alarm:${prefix}${start + i}</AlarmArn>
        <StateValue>${state}</StateValue>
        <StateReason>Threshold Crossed: 1 datapoint [91.2 (02/12/26 18:00:00)] was greater than the threshold (75.0).</StateReason>
        <StateUpdatedTimestamp>2026-12-02T18:00:00.000Z</StateUpdatedTimestamp>
        <ActionsEnabled>true</ActionsEnabled>
        <Namespace>AWS/RDS</Namespace><MetricName>CPUUtilization</MetricName>
        <Dimensions><member><Name>DBInstanceIdentifier</Name><Value>x</Value></member></Dimensions>
      </member>`,
    );
    const more = start + size < b.states.length;
    const token = more ? `<NextToken>${Buffer.from(`page:${start + size}`).toString("base64")}</NextToken>` : "";
    send(
      res,
      200,
      "text/xml",
      `<?xml version="1.0" encoding="UTF-8"?>
<DescribeAlarmsResponse xmlns="${CW_NS}">
  <DescribeAlarmsResult>
    <CompositeAlarms/>
    <MetricAlarms>${page.join("")}</MetricAlarms>${token}
  </DescribeAlarmsResult>
  <ResponseMetadata><RequestId>5f1c8a2e-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
</DescribeAlarmsResponse>`,
    );
  }

  function azure(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.headers.authorization !== `Bearer ${secrets.azureToken}`) return send(res, 401, "application/json", azure401);
    const sub = /^\/subscriptions\/([^/]+)\//.exec(url.pathname)?.[1] ?? "";
    const group = url.searchParams.get("targetResourceGroup") ?? "";
    const b = az.get(group) ?? { kind: "alerts", alerts: [] };
    if (b.kind === "hang") return void hanging.push(res);
    const wanted = url.searchParams.get("monitorCondition");
    const all = b.alerts.filter((a) => !wanted || a.condition === wanted);
    const size = b.pageSize ?? 100;
    const skip = Number(url.searchParams.get("$skiptoken") ?? 0);
    const value = all.slice(skip, skip + size).map((a, i) => ({
      id: `/subscriptions/${sub}/providers/Microsoft.AlertsManagement/alerts/00000000-0000-4000-8000-${String(skip + i).padStart(12, "0")}`,
      type: "Microsoft.AlertsManagement/alerts",
      name: a.rule,
      properties: {
        essentials: {
          severity: "Sev1",
          signalType: "Metric",
          alertState: "New",
          monitorCondition: a.condition,
          monitorService: "Platform",
          targetResource: `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.DBforPostgreSQL/flexibleServers/ibc-db`,
          targetResourceName: "ibc-db",
          targetResourceGroup: group,
          targetResourceType: "Microsoft.DBforPostgreSQL/flexibleServers",
          alertRule: `/subscriptions/${sub}/resourceGroups/${group}/providers/microsoft.insights/metricalerts/${a.rule}`,
          sourceCreatedId: "x",
          startDateTime: "2026-12-02T18:00:00Z",
          lastModifiedDateTime: "2026-12-02T18:00:00Z",
        },
      },
    }));
    const next = new URL(url.toString().replace("http://127.0.0.1", `http://${req.headers.host}`));
    next.searchParams.set("$skiptoken", String(skip + size));
    send(res, 200, "application/json", JSON.stringify({ value, ...(skip + size < all.length ? { nextLink: next.toString() } : {}) }));
  }

  function azureRuleList(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.headers.authorization !== `Bearer ${secrets.azureToken}`) return send(res, 401, "application/json", azure401);
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//.exec(url.pathname);
    if (!m || url.searchParams.get("api-version") !== "2018-03-01") return send(res, 400, "application/json", "{}");
    const [, sub, group] = m;
    const value = (rules.get(group!) ?? []).map((r) => ({
      id: `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Insights/metricAlerts/${r.name}`,
      name: r.name,
      type: "Microsoft.Insights/metricAlerts",
      location: "global",
      properties: {
        description: "",
        severity: 1,
        enabled: r.enabled,
        scopes: [],
        evaluationFrequency: "PT1M",
        windowSize: "PT5M",
        autoMitigate: true,
      },
    }));
    send(res, 200, "application/json", JSON.stringify({ value }));
  }

  function gcpPolicyList(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.headers.authorization !== `Bearer ${secrets.gcpToken}`) return send(res, 401, "application/json", gcp401);
    const project = /^\/v3\/projects\/([^/]+)\//.exec(url.pathname)![1]!;
    const list = (policies.get(project) ?? []).map((p, i) => ({
      name: `projects/${project}/alertPolicies/${42 + i}`,
      displayName: p.displayName,
      combiner: "OR",
      enabled: p.enabled,
      conditions: [],
    }));
    send(res, 200, "application/json", JSON.stringify(list.length ? { alertPolicies: list, totalSize: list.length } : {}));
  }

  function gcp(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.headers.authorization !== `Bearer ${secrets.gcpToken}`) return send(res, 401, "application/json", gcp401);
    const project = /^\/v3\/projects\/([^/]+)\/alerts$/.exec(url.pathname)![1]!;
    const b = gc.get(project) ?? { kind: "alerts", alerts: [] };
    if (b.kind === "hang") return void hanging.push(res);
    const size = Number(url.searchParams.get("pageSize") ?? 50);
    const start = Number(url.searchParams.get("pageToken") ?? 0);
    const page = b.alerts.slice(start, start + size).map((a, i) => ({
      name: `projects/${project}/alerts/${1000 + start + i}`,
      state: a.state,
      openTime: "2026-12-02T18:00:00Z",
      resource: { type: "cloudsql_database", labels: { database_id: `${project}:db` } },
      policy: { name: `projects/${project}/alertPolicies/${42 + start + i}`, displayName: a.policy, severity: "CRITICAL" },
    }));
    // proto3 JSON: an empty list and an absent token are left out.
    const more = start + size < b.alerts.length;
    send(
      res,
      200,
      "application/json",
      JSON.stringify({ ...(page.length ? { alerts: page } : {}), ...(more ? { nextPageToken: String(start + size) } : {}) }),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    signatureProblems,
    cloudWatch: (p, b) => cw.set(p, b),
    azure: (g, b) => az.set(g, b),
    gcp: (p, b) => gc.set(p, b),
    azureRules: (g, r) => rules.set(g, r),
    gcpPolicies: (p, list) => policies.set(p, list),
    reset: () => {
      cw.clear();
      az.clear();
      gc.clear();
      rules.clear();
      policies.clear();
      requests.length = 0;
      signatureProblems.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const azure401 = JSON.stringify({ error: { code: "InvalidAuthenticationToken", message: "The access token is invalid." } });
const gcp401 = JSON.stringify({
  error: { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" },
});

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="${CW_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s, "utf8").digest();

/**
 * Recomputes an AWS Signature Version 4 for the request as it arrived (headers as sent, body
 * as received) with the secret key, following the documented algorithm; says what is wrong.
 */
function sigV4Problem(req: IncomingMessage, body: string, secrets: FakeCloudSecrets): string | undefined {
  const auth = req.headers.authorization ?? "";
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return `Authorization is not a SigV4 header: ${auth.slice(0, 40)}`;
  const [, keyId, date, region, service, signedHeaders, signature] = m;
  if (keyId !== secrets.awsAccessKeyId) return "unknown access key id";
  if (service !== "monitoring") return `scope service is ${service}`;
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(date!)) return "X-Amz-Date does not match the scope date";
  const names = signedHeaders!.split(";");
  for (const required of ["host", "x-amz-date", "content-type"]) if (!names.includes(required)) return `${required} is not signed`;
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const url = new URL(req.url ?? "/", "http://x");
  const canonical = [req.method, url.pathname, url.search.slice(1), canonicalHeaders, signedHeaders, sha256(body)].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  let key = hmac(`AWS4${secrets.awsSecretAccessKey}`, date!);
  for (const part of [region!, service!, "aws4_request"]) key = hmac(key, part);
  const expected = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  return expected === signature ? undefined : "signature does not match";
}
