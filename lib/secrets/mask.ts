import { findSecrets, keyNamedSecret, type Candidate } from "./detect";
import { isSecretKeyName, templateLiteral } from "./patterns";

/**
 * The one masking function of Realmkit. Every message, log line, report and error that can show
 * a value passes through `maskText` (free text) or `maskValue` (a value under a known key), so a
 * secret typed into a realm file is never printed back, wherever the output goes.
 */

export const MASK = "****";
/** The hint after a value masked for its key's name: says why, reveals nothing (not even the length). */
const KEY_HINT = "secret-named key";

/** Replaces each secret in `text`: URL passwords as `https://admin:****@host`, query credentials as `?token=****`, tokens as `****(a GitHub token)`. */
export function maskText(text: string): string {
  if (text.length < 6) return text;
  // Named values first: a pattern could otherwise take only the start of a quoted value.
  let out = maskUserInfo(maskNamedValues(text));
  for (const hit of findSecrets(textCandidates(out), { remember: false })) out = replaceSecret(out, hit.secret, hit.what);
  return out;
}

/** A chunk of a log or an output stream, masked; a chunk with nothing to mask is returned as it was. */
export function maskChunk(chunk: string | Uint8Array): string | Uint8Array {
  const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  const masked = maskText(text);
  return masked === text ? chunk : masked;
}

/** A value for display under `key`: a string under a secret-named key is masked whole, any other string by `maskText`, structures deeply. */
export function maskValue(value: unknown, key = ""): unknown {
  if (typeof value === "string") return keyNamedSecret(key, value) !== undefined ? `${MASK}(${KEY_HINT})` : maskText(value);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, key));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value)) out[k] = maskValue((value as Record<string, unknown>)[k], k);
    return out;
  }
  return value;
}

/** Free text is one candidate: its own `key: value` lines give secretlint the context it reads. */
function textCandidates(text: string): Candidate[] {
  return [{ key: "", value: text }];
}

function replaceSecret(text: string, secret: string, what: string): string {
  if (secret.length < 4 || secret.includes(MASK) || !text.includes(secret)) return text;
  // URL parts keep their shape (`admin:****@`, `token=****`); other secrets say what they were.
  const url = secret.includes("://") ? maskUserInfo(secret) : secret;
  const marker = url !== secret ? url : /URL/.test(what) ? MASK : `${MASK}(${what.replace(/ under the secret-named key .*$/, "")})`;
  return text.split(secret).join(marker);
}

/** `scheme://user:password@` → `scheme://user:****@`, and a lone user part `scheme://token@` → `scheme://****@` unless it is a plain user name. */
function maskUserInfo(text: string): string {
  if (!text.includes("://") || !text.includes("@")) return text;
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@?#"'`]+)@/gi, (whole, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    const password = userinfo.slice(colon + 1);
    // A password taken from a reference (`${random_password.db.result}`) is no secret in the text.
    if (colon >= 0)
      return password === MASK || templateLiteral(password) === undefined ? whole : `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
    // `git@`, `admin@`: a user name; a long random-looking user part is a token used as user name.
    return userinfo.length >= 20 && /\d/.test(userinfo) ? `${scheme}${MASK}@` : whole;
  });
}

/** `password=hunter2`, `"apiKey": "abc def"`, `token: abc` in free text (logs, messages): the value goes (a quoted one whole). */
function maskNamedValues(text: string): string {
  if (!SECRETISH.test(text)) return text;
  // Procedural, not one expression: a single regex with an open-ended key part backtracks
  // quadratically over a long run of word characters (a 60 kB value took seconds).
  let out = "";
  let copied = 0;
  // A value already judged is not searched again for keys (`secret: arn:…:secret:x` is one value).
  let judgedUntil = 0;
  for (const m of text.matchAll(IDENTIFIER)) {
    const key = m[0];
    if (m.index < judgedUntil) continue;
    SEPARATOR.lastIndex = m.index + key.length;
    const sep = SEPARATOR.exec(text);
    if (!sep) continue;
    const start = SEPARATOR.lastIndex;
    const quote = text[start];
    let valueStart = start;
    let valueEnd: number;
    if (quote === '"' || quote === "'" || quote === "`") {
      valueStart = start + 1;
      valueEnd = closingQuote(text, valueStart, quote);
      if (valueEnd < 0) continue;
    } else {
      BARE_VALUE.lastIndex = start;
      const bare = BARE_VALUE.exec(text);
      if (!bare) continue;
      valueEnd = BARE_VALUE.lastIndex;
    }
    const value = text.slice(valueStart, valueEnd);
    judgedUntil = valueEnd;
    if (!SECRETISH.test(key) || !isSecretKeyName(key)) continue;
    if (value.length < 3 || value.startsWith(MASK) || !/[A-Za-z0-9]/.test(value) || keyNamedSecret(key, value) === undefined) continue;
    out += text.slice(copied, valueStart) + MASK;
    copied = valueEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const SECRETISH = /pass|pwd|secret|token|key|credential|sas/i;
const IDENTIFIER = /[A-Za-z_][\w.-]*/g;
const SEPARATOR = /["'`]?[ \t]*(?:=>|:|=)[ \t]*|`[ \t]+is[ \t]+/y;
const BARE_VALUE = /(?:\$\{[^}\n]*\}|[^\s"'`,;&}\]])+/y;

/** The index of the quote closing a value that starts at `from`, on the same line; -1 if none. */
function closingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === quote) return i;
    else if (c === "\n") return -1;
  }
  return -1;
}
