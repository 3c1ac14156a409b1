import {
  findAwsAccessKeyIds,
  findConnectionStringSecrets,
  findJwts,
  findPemKeys,
  findUrlSecrets,
  isReference,
  isSecretKeyName,
  templateLiteral,
  type PatternHit,
} from "./patterns";
import { secretlintScan } from "./secretlint-engine";

/** A string to judge, with the key it sits under (for list items, the list's key). */
export interface Candidate {
  readonly key: string;
  readonly value: string;
}

export interface SecretHit {
  /** Index of the candidate in the list given. */
  readonly index: number;
  /** What was found, in words that reveal nothing of the value: `a GitHub token`. */
  readonly what: string;
  /** The secret part of the value (the whole value for key-name hits), for masking only. */
  readonly secret: string;
}

/** Names for secretlint's rule ids, for messages. */
const VENDOR: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  aws: "an AWS access key",
  gcp: "a Google Cloud service account key",
  privatekey: "a private key",
  npm: "an npm token",
  basicauth: "a URL with a password",
  slack: "a Slack token",
  sendgrid: "a SendGrid key",
  shopify: "a Shopify token",
  stripe: "a Stripe key",
  github: "a GitHub token",
  gitlab: "a GitLab token",
  grafana: "a Grafana token",
  openai: "an OpenAI key",
  anthropic: "an Anthropic key",
  "database-connection-string": "a connection string with a password",
  "hashicorp-vault": "a HashiCorp Vault token",
  docker: "a Docker credential",
  cloudflare: "a Cloudflare token",
});

type Found = readonly { readonly what: string; readonly secret: string }[];

/**
 * What each `key: value` pair was found to hold, across calls: a fleet's stacks repeat most of
 * their strings (tags, policies, names), so each distinct pair is scanned once per process.
 * Bounded, and cleared when full, so a long-lived process does not grow without end.
 */
const memo = new Map<string, Map<string, Found>>();
let memoSize = 0;
const MEMO_LIMIT = 200_000;

/** Forgets what was scanned, so a benchmark measures the first scan as a one-shot command pays it. */
export function forgetScans(): void {
  memo.clear();
  memoSize = 0;
}

/**
 * Every secret among `candidates`. secretlint runs once over all pairs not seen before (as
 * `key: value` lines, the context its rules read), so a stack of thousands of strings costs one pass.
 */
export function findSecrets(candidates: readonly Candidate[], options: { readonly remember?: boolean } = {}): SecretHit[] {
  // Free text (messages, output chunks) rarely repeats and can be large: scanned, not remembered.
  if (options.remember === false)
    return scanFresh(candidates).flatMap((found, index) => found.map((f) => ({ index, what: f.what, secret: f.secret })));
  // Keyed by key, then value (no joined string: joining long values would copy them all).
  const fresh: Candidate[] = [];
  for (const c of candidates) {
    let byValue = memo.get(c.key);
    if (!byValue) memo.set(c.key, (byValue = new Map()));
    if (!byValue.has(c.value)) {
      byValue.set(c.value, PENDING);
      fresh.push(c);
    }
  }
  if (fresh.length > 0) {
    const found = scanFresh(fresh);
    fresh.forEach((c, i) => memo.get(c.key)!.set(c.value, found[i]!));
  }
  const hits: SecretHit[] = [];
  candidates.forEach((c, index) => {
    for (const f of memo.get(c.key)!.get(c.value)!) hits.push({ index, what: f.what, secret: f.secret });
  });
  memoSize += fresh.length;
  if (memoSize > MEMO_LIMIT) forgetScans();
  return hits;
}

const PENDING: Found = [];

/** One detector pass over candidates never seen before; the result per candidate, in order. */
function scanFresh(candidates: readonly Candidate[]): Found[] {
  const starts: number[] = [];
  const parts: string[] = [];
  let offset = 0;
  for (const c of candidates) {
    starts.push(offset);
    const line = `${c.key}: ${c.value}\n`;
    parts.push(line);
    offset += line.length;
  }
  const text = parts.join("");
  const found: { what: string; secret: string }[][] = candidates.map(() => []);
  const add = (index: number, what: string, secret: string): void => {
    if (!found[index]!.some((f) => f.secret === secret)) found[index]!.push({ what, secret });
  };
  for (const h of secretlintScan(text)) {
    const index = candidateAt(starts, h.range[0]);
    add(index, VENDOR[h.rule] ?? `a credential (secretlint rule ${h.rule})`, h.secret ?? text.slice(h.range[0], h.range[1]));
  }
  candidates.forEach((c, index) => {
    for (const p of extraPatterns(c.value)) add(index, p.what, p.secret);
    if (found[index]!.length === 0 && keyNamedSecret(c.key, c.value) !== undefined)
      add(index, `a literal value under the secret-named key \`${c.key}\``, c.value);
  });
  return found;
}

/** One string on its own (for a realm value or a message). */
export function secretsInString(value: string, key = ""): SecretHit[] {
  return findSecrets([{ key, value }]);
}

function extraPatterns(value: string): PatternHit[] {
  return [
    ...findAwsAccessKeyIds(value),
    ...findPemKeys(value),
    ...findJwts(value),
    ...findUrlSecrets(value),
    ...findConnectionStringSecrets(value),
  ];
}

/** The literal stored under a secret-named key, unless it is a reference, a flag or an expression reading something. */
export function keyNamedSecret(key: string, value: string): string | undefined {
  if (!isSecretKeyName(key)) return undefined;
  const literal = templateLiteral(value);
  if (literal === undefined || isReference(literal)) return undefined;
  // The Google provider's `credentials` may name a key file; only its content is a secret.
  if (/^credentials?$/i.test(key) && !literal.trim().startsWith("{")) return undefined;
  return literal;
}

/** The candidate whose line holds `offset` (binary search over the line starts). */
function candidateAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Whether a string can hold a secret at all: every value pattern is at least 8 characters long,
 * so a shorter string matters only under a secret-named key. Most strings of a stack are short
 * (names, flags, regions): skipping them keeps the scan cheap.
 */
export function worthScanning(key: string, value: string): boolean {
  return value.length >= 8 || (value.length > 0 && isSecretKeyName(key));
}

/** A step of the walk: an object key or a list index. */
export type Step = string | number;

/**
 * Every string inside a JSON-like value, with its path and the key it sits under. Keys are
 * strings too (a token pasted as a tag name reaches the stack as one): each is visited once,
 * under the empty key, before its value.
 */
export function collectStrings(
  value: unknown,
  visit: (path: readonly Step[], key: string, value: string) => void,
  at: Step[] = [],
  key = "",
): void {
  if (typeof value === "string") visit(at, key, value);
  else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      at.push(i);
      collectStrings(v, visit, at, key);
      at.pop();
    });
  } else if (value !== null && typeof value === "object") {
    for (const k of Object.keys(value)) {
      at.push(k);
      if (k.length >= 8) visit(at, "", k);
      collectStrings((value as Record<string, unknown>)[k], visit, at, k);
      at.pop();
    }
  }
}
