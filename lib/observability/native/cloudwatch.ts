import aws4 from "aws4";
import { XMLParser } from "fast-xml-parser";
import { RealmkitError } from "../../config/errors";
import { NAME_PREFIX } from "../../model/naming";
import { apiEndpoint, callApi, shortMessage } from "./http";

/** One metric alarm as DescribeAlarms returns it (the fields the verdict reads). */
export interface CloudWatchAlarmState {
  readonly name: string;
  /** `OK`, `ALARM` or `INSUFFICIENT_DATA`. */
  readonly state: string;
  readonly reason?: string;
}

/** States that hold a rollout: a firing alarm, and silence (no data is not health). */
export const CLOUDWATCH_UNHEALTHY: ReadonlySet<string> = new Set(["ALARM", "INSUFFICIENT_DATA"]);

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The standard environment credentials (the ones every AWS SDK and CLI read first). */
export function awsCredentials(env: NodeJS.ProcessEnv): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) {
    throw new RealmkitError("RK-HEALTH-NO-AWS-CREDENTIALS", "no AWS credentials in the environment to read the CloudWatch alarms", {
      fix: "export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones), e.g. `eval $(aws configure export-credentials --format env)`; they need cloudwatch:DescribeAlarms",
    });
  }
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN?.trim() || undefined };
}

/** The alarm name prefix of a realm: every alarm Realmkit creates is `ibc-<realm>-...` (resourceName). */
export function realmAlarmPrefix(realm: string): string {
  return `${NAME_PREFIX}-${realm}-`;
}

/** CloudWatch's Query endpoint in a region; REALMKIT_CLOUDWATCH_URL replaces it (a proxy, or the tests' fake). */
export function cloudWatchEndpoint(region: string, env: NodeJS.ProcessEnv): string {
  return apiEndpoint(env, "REALMKIT_CLOUDWATCH_URL", `https://monitoring.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`);
}

export interface CloudWatchOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Alarms per page (`MaxRecords`, at most 100). @default 100 */
  readonly pageSize?: number;
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, processEntities: true });

/**
 * The realm's metric alarms in a region: `DescribeAlarms` with `AlarmNamePrefix=ibc-<realm>-`,
 * followed through `NextToken`. A POST of the form-encoded Query API, signed with SigV4 by
 * `aws4`; the XML answer is read with `fast-xml-parser`. Throws a plain-words Error on an
 * error answer, an answer that is not DescribeAlarms XML, or a timeout; no secret in a message.
 */
export async function describeRealmAlarms(realm: string, region: string, options: CloudWatchOptions): Promise<CloudWatchAlarmState[]> {
  const creds = awsCredentials(options.env);
  const base = cloudWatchEndpoint(region, options.env);
  const url = new URL(`${base}/`);
  const api = `CloudWatch (${region})`;
  const secrets = [creds.secretAccessKey, creds.sessionToken ?? ""];
  const out: CloudWatchAlarmState[] = [];
  let nextToken: string | undefined;
  const seen = new Set<string>();
  do {
    const form = new URLSearchParams({
      Action: "DescribeAlarms",
      Version: "2010-08-01",
      AlarmNamePrefix: realmAlarmPrefix(realm),
      "AlarmTypes.member.1": "MetricAlarm",
      MaxRecords: String(Math.min(100, options.pageSize ?? 100)),
    });
    if (nextToken) form.set("NextToken", nextToken);
    const body = form.toString();
    const signed = aws4.sign(
      {
        host: url.host,
        path: url.pathname,
        method: "POST",
        service: "monitoring",
        region,
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", Accept: "text/xml" },
      },
      creds,
    );
    // fetch sets Host and Content-Length itself, to the values that were signed.
    const headers = Object.fromEntries(
      Object.entries(signed.headers ?? {})
        .filter(([k]) => !/^(host|content-length)$/i.test(k))
        .map(([k, v]) => [k, String(v)]),
    );
    const answer = await callApi({ api, url: url.toString(), method: "POST", headers, body, timeoutMs: options.timeoutMs, secrets });
    const doc = parseXml(answer.text);
    if (!answer.ok) throw new Error(`${api} answered ${answer.status}${queryError(doc, secrets)}`);
    const result = (doc?.DescribeAlarmsResponse as Record<string, unknown> | undefined)?.DescribeAlarmsResult as
      | Record<string, unknown>
      | undefined;
    if (!result || typeof result !== "object") throw new Error(`${api} answered with something that is not a DescribeAlarms result`);
    const members = asArray((result.MetricAlarms as Record<string, unknown> | undefined)?.member);
    for (const m of members) {
      const a = m as Record<string, unknown>;
      if (typeof a?.AlarmName !== "string" || typeof a.StateValue !== "string")
        throw new Error(`${api} answered with an alarm that has no AlarmName or StateValue`);
      out.push({ name: a.AlarmName, state: a.StateValue, reason: typeof a.StateReason === "string" ? a.StateReason : undefined });
    }
    nextToken = typeof result.NextToken === "string" && result.NextToken ? result.NextToken : undefined;
    // A token handed back twice would page forever.
    if (nextToken && seen.has(nextToken)) throw new Error(`${api} returned the same NextToken twice`);
    if (nextToken) seen.add(nextToken);
  } while (nextToken);
  return out;
}

function parseXml(text: string): Record<string, unknown> | undefined {
  try {
    const doc = parser.parse(text) as unknown;
    return doc && typeof doc === "object" ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The Query API's `<ErrorResponse><Error><Code/><Message/></Error></ErrorResponse>`, masked. */
function queryError(doc: Record<string, unknown> | undefined, secrets: readonly string[]): string {
  const e = (doc?.ErrorResponse as Record<string, unknown> | undefined)?.Error as Record<string, unknown> | undefined;
  if (!e || typeof e !== "object") return "";
  const code = typeof e.Code === "string" ? e.Code : "";
  const message = typeof e.Message === "string" ? e.Message : "";
  const text = [code, message].filter(Boolean).join(": ");
  return text ? `: ${shortMessage(text, secrets)}` : "";
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null || v === "") return [];
  return Array.isArray(v) ? v : [v];
}
