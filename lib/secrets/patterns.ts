/**
 * What secretlint's recommended preset does not cover, in Realmkit's setting: JWTs, URLs that
 * carry a password in the user-info or a credential in the query, ADO-style connection strings,
 * and values stored under a key whose name says it is a secret (in any spelling). The vendor
 * token formats (AWS, GitHub, GitLab, Slack, Stripe, npm, PEM keys, …) come from secretlint.
 */

/** Words a key's name is split into: `dbPassword`, `db_password`, `db-password`, `db.password` → db, password. */
export function keyWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A key is secret when its name ends in one of these (`passwordSecretName` ends in `name`: a reference). */
const SECRET_LAST_WORD = new Set([
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "privatekey",
  "clientsecret",
  "secretkey",
  "credential",
  "credentials",
  "sas",
]);
const SECRET_LAST_TWO = new Set([
  "api key",
  "app key",
  "application key",
  "private key",
  "secret key",
  "access key",
  "account key",
  "shared key",
  "primary key",
  "master key",
  "signing key",
  "integration key",
  "routing key",
  "service key",
  "auth key",
  "client secret",
  "connection string",
  "secret string",
  "secret data",
  "key pem",
]);

/** Key names repeat across a stack (every resource has `name`, `tags`): each is judged once. */
const keyVerdicts = new Map<string, boolean>();

/** Does a value stored under `name` hold a secret by its name alone? Terraform's write-only `_wo` suffix is ignored. */
export function isSecretKeyName(name: string): boolean {
  let verdict = keyVerdicts.get(name);
  if (verdict === undefined) {
    verdict = judgeKeyName(name);
    if (keyVerdicts.size > 10_000) keyVerdicts.clear();
    keyVerdicts.set(name, verdict);
  }
  return verdict;
}

function judgeKeyName(name: string): boolean {
  const words = keyWords(name.endsWith("_wo") ? name.slice(0, -3) : name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (SECRET_LAST_WORD.has(last)) return true;
  return words.length >= 2 && SECRET_LAST_TWO.has(`${words[words.length - 2]} ${last}`);
}

/**
 * The literal a Terraform template string evaluates to, when it is made only of literals and
 * function calls on literals (`${"hunter2"}`, `${base64decode("aHVudGVy")}`); undefined when it
 * reads anything (`${var.x}`, `${aws_db_instance.db.password}`), since a reference is no secret.
 * `$${` and `%%{` are escapes: the text after them is literal.
 */
export function templateLiteral(value: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < value.length) {
    const two = value.slice(i, i + 3);
    if (two === "$${" || two === "%%{") {
      out += two.slice(1);
      i += 3;
      continue;
    }
    if ((value[i] === "$" || value[i] === "%") && value[i + 1] === "{") {
      const end = closingBrace(value, i + 2);
      if (end < 0) return out + value.slice(i); // unterminated: Terraform would refuse it; judge the text
      const body = value.slice(i + 2, end);
      if (value[i] === "%" || readsSomething(body)) return undefined;
      out += stringLiterals(body).join("");
      i = end + 1;
      continue;
    }
    out += value[i];
    i++;
  }
  return out;
}

/** The index of the `}` closing a template sequence opened before `from`, skipping quoted strings. */
function closingBrace(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

const STRING_LITERAL = /"((?:[^"\\]|\\.)*)"/g;

function stringLiterals(body: string): string[] {
  return [...body.matchAll(STRING_LITERAL)].map((m) => m[1]!.replace(/\\(.)/g, "$1"));
}

/** An identifier outside string literals that is not a function name nor a keyword is a reference. */
function readsSomething(body: string): boolean {
  const code = body.replace(STRING_LITERAL, '""');
  for (const m of code.matchAll(/[A-Za-z_][\w-]*/g)) {
    const after = code.slice(m.index! + m[0].length).trimStart();
    if (after.startsWith("(") || after.startsWith("::")) continue;
    if (m[0] === "true" || m[0] === "false" || m[0] === "null") continue;
    return true;
  }
  return false;
}

/** Values under a secret-named key that are references or flags, not secrets. */
export function isReference(literal: string): boolean {
  const v = literal.trim();
  return (
    v === "" ||
    v === "true" ||
    v === "false" ||
    /^\*+$/.test(v) ||
    /^arn:aws[a-z-]*:/.test(v) ||
    /^projects\/[^/\s]+\/secrets\//.test(v) ||
    /^https:\/\/[a-z0-9-]+\.vault\.azure\.net\/secrets\//i.test(v) ||
    /^\/subscriptions\/[^\s]+\/providers\/Microsoft\.KeyVault\//i.test(v)
  );
}

export interface PatternHit {
  readonly what: string;
  /** The part of the value that is the secret, for masking. */
  readonly secret: string;
}

/** A JWT: three base64url parts whose first decodes to a JSON header naming `alg` or `typ`. */
export function findJwts(value: string): PatternHit[] {
  if (!value.includes("eyJ")) return [];
  const hits: PatternHit[] = [];
  for (const m of value.matchAll(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g)) {
    try {
      const header = JSON.parse(Buffer.from(m[0].split(".")[0]!, "base64url").toString("utf8")) as unknown;
      if (header && typeof header === "object" && ("alg" in header || "typ" in header))
        hits.push({ what: "a JSON Web Token", secret: m[0] });
    } catch {
      // not a JWT header: an ordinary base64 string
    }
  }
  return hits;
}

/** Query parameters whose value is a credential (`?password=`, `?token=`, SAS `sig=`, presigned URLs). */
export const SECRET_QUERY_PARAMS = [
  "password",
  "passwd",
  "pwd",
  "pass",
  "secret",
  "client_secret",
  "token",
  "access_token",
  "auth_token",
  "refresh_token",
  "id_token",
  "api_key",
  "apikey",
  "api-key",
  "key",
  "sig",
  "signature",
  "x-amz-signature",
  "x-amz-security-token",
  "x-amz-credential",
  "x-goog-signature",
  "x-goog-credential",
];
const QUERY_PARAM = new RegExp(`[?&;](${SECRET_QUERY_PARAMS.map((p) => p.replace(/-/g, "\\-")).join("|")})=([^&#\\s"'\`]+)`, "gi");
const USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/@?#:"'`]*):([^\s/@?#"'`]+)@/gi;

/** URLs with a password in the user-info or a credential in the query; the secret is the password or parameter value. */
export function findUrlSecrets(value: string): PatternHit[] {
  const hits: PatternHit[] = [];
  if (value.includes("://") && value.includes("@")) {
    for (const m of value.matchAll(USERINFO)) {
      const password = m[2]!;
      if (templateLiteral(password) === undefined || isReference(password)) continue;
      hits.push({ what: "a URL with a password", secret: password });
    }
  }
  if (value.includes("=")) {
    for (const m of value.matchAll(QUERY_PARAM)) {
      const secret = m[2]!;
      if (templateLiteral(secret) === undefined || isReference(secret)) continue;
      hits.push({ what: `a URL with a credential in its \`${m[1]!.toLowerCase()}\` parameter`, secret });
    }
  }
  return hits;
}

/** `Password=…;`, `AccountKey=…;` in ADO.NET and Azure Storage connection strings. */
export function findConnectionStringSecrets(value: string): PatternHit[] {
  if (!value.includes("=")) return [];
  const hits: PatternHit[] = [];
  for (const m of value.matchAll(/\b(Password|Pwd|AccountKey|SharedAccessKey)=([^;\s"']{4,})/gi)) {
    if (templateLiteral(m[2]!) === undefined || isReference(m[2]!)) continue;
    hits.push({ what: "a connection string with a key or password", secret: m[2]! });
  }
  return hits;
}

/**
 * A PEM private-key block, however short its body: secretlint's rule wants a well-formed key,
 * but a truncated or fake-looking one in a stack is still a private key being shipped.
 */
export function findPemKeys(value: string): PatternHit[] {
  if (!value.includes("PRIVATE KEY-----")) return [];
  return [...value.matchAll(/-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g)].map((m) => ({
    what: "a private key",
    secret: m[0],
  }));
}

/**
 * AWS access key ids. The expression is secretlint's own (its AWS rule, behind the
 * `enableIDScanRule` option that would also flag account ids). Unlike secretlint, AWS's documented
 * example key is flagged too: in a realm file it is a pasted credential all the same.
 */
export function findAwsAccessKeyIds(value: string): PatternHit[] {
  if (!/A3T|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA/.test(value)) return [];
  return [...value.matchAll(/\b(A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/g)].map((m) => ({
    what: "an AWS access key",
    secret: m[0],
  }));
}
