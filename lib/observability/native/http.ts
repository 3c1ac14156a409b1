/**
 * One request to a cloud's monitoring API, shared by the native health readers: a timeout,
 * and every failure as a plain sentence naming the API, with the credentials masked. Node's
 * `fetch` is enough here; each reader sends one documented call (and its pages).
 */
export interface ApiCall {
  /** How the API is named in messages: "CloudWatch (us-east-1)". */
  readonly api: string;
  readonly url: string;
  readonly method?: "GET" | "POST";
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** Values that must never appear in a message (keys, tokens). */
  readonly secrets: readonly string[];
}

export interface ApiAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
}

export async function callApi(call: ApiCall): Promise<ApiAnswer> {
  try {
    const response = await fetch(call.url, {
      method: call.method ?? "GET",
      headers: call.headers,
      body: call.body,
      signal: AbortSignal.timeout(call.timeoutMs),
      // A redirect would carry the Authorization header to wherever it points.
      redirect: "error",
    });
    return { status: response.status, ok: response.ok, text: await response.text() };
  } catch (err) {
    const e = err as Error & { cause?: Error };
    if (e.name === "TimeoutError" || e.name === "AbortError")
      throw new Error(`${call.api} did not answer within ${call.timeoutMs / 1000} s`);
    throw new Error(`${call.api} could not be reached: ${mask(String(e.cause?.message ?? e.message), call.secrets)}`);
  }
}

/**
 * An API's base URL: the override variable when set (a proxy, a sovereign cloud, the tests'
 * fake), else the public endpoint; without a trailing slash.
 */
export function apiEndpoint(env: NodeJS.ProcessEnv, override: string, fallback: string): string {
  return (env[override]?.trim() || fallback).replace(/\/+$/, "");
}

/** The text with every secret of four characters or more replaced by ****. */
export function mask(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join("****"), text);
}

/** A short, masked excerpt of an error message from an API, for a reason line. */
export function shortMessage(text: string, secrets: readonly string[]): string {
  return mask(text.replace(/\s+/g, " ").trim(), secrets).slice(0, 300);
}

/** Whether `next` (a nextLink an API returned) stays on the API's own origin: the token goes nowhere else. */
export function sameOrigin(next: string, base: string): boolean {
  try {
    return new URL(next).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

/** A native finding: which API says it, and what. */
export interface NativeFinding {
  readonly source: string;
  readonly problem: string;
}
