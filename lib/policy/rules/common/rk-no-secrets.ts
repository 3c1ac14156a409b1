import { dict } from "../../../config/dict";
import { defineStackRule, failIfAny, pass, type AddressedResult } from "../../types";
import { isObject, isUnknown } from "../../view/values";
import { isRuntimeDocumentText } from "../../runtime-documents";

/** Attribute names that hold secrets (matched on the last name segment, `_wo` write-only stripped). */
const SECRET_NAME = /(^|_)(password|passwd|secret|secret_string|secret_data|secret_key|secret_access_key|client_secret|access_key|token|auth_token|sas_token|api_key|private_key|private_key_pem|connection_string|shared_key|primary_key|account_key|master_password|admin_password|administrator_login_password|credentials)$/;

/** Each pattern with a substring every match contains, so most strings skip the expression. */
const PATTERNS: readonly { readonly what: string; readonly hint: string; readonly test: (s: string) => boolean }[] = [
  { what: "a private key (PEM)", hint: "PRIVATE KEY", test: (s) => /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/.test(s) },
  { what: "an AWS access key id", hint: "IA", test: (s) => /\b(AKIA|ASIA)[0-9A-Z]{16}\b/.test(s) },
  { what: "a Google service account key", hint: "private_key", test: (s) => /"private_key(_id)?"\s*:/.test(s) && /"type"\s*:\s*"service_account"/.test(s) },
  { what: "a connection string with a password", hint: "@", test: (s) => /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:(?!\$\{)[^\s@/]+@/i.test(s) },
  { what: "a connection string with a key or password", hint: "=", test: (s) => /\b(Password|Pwd|AccountKey|SharedAccessKey)=(?!\$\{)[^;\s]{4,}/i.test(s) },
];

/** Outputs exposing these attributes put the secret into `terraform output` and CI logs. */
const SECRET_ATTRIBUTE_REF = /\$\{[^}]*\.(password|secret_string|secret_data|result|private_key_pem|private_key|secret|access_key|client_secret|primary_access_key|primary_connection_string|connection_string|kube_admin_config_raw|master_auth)\b/;

/** Resource attributes that are secret values whatever their name says. */
const SECRET_VALUE_OF: Readonly<Record<string, string>> = dict({
  azurerm_key_vault_secret: "value",
  aws_ssm_parameter: "value",
  google_secret_manager_secret_version: "secret_data",
  aws_secretsmanager_secret_version: "secret_string",
});

export interface Hit {
  readonly path: string;
  readonly what: string;
}

/**
 * `name` is the key the value sits under (for arrays, the array's key). `at` is the walk's own
 * stack of keys and list indexes, joined only on a hit: most values hold no secret.
 */
function scan(value: unknown, at: Array<string | number>, name: string, hits: Hit[]): void {
  if (typeof value === "string") {
    for (const p of PATTERNS) if (value.includes(p.hint) && p.test(value)) hits.push({ path: pathOf(at), what: p.what });
    const bare = name.endsWith("_wo") ? name.slice(0, -3) : name;
    if (SECRET_NAME.test(bare) && literalSecret(bare, value)) {
      const path = pathOf(at);
      if (!hits.some((h) => h.path === path)) hits.push({ path, what: `a literal value (${value.length} characters)` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      at.push(i);
      scan(v, at, name, hits);
      at.pop();
    });
  } else if (isObject(value)) {
    for (const k of Object.keys(value)) {
      at.push(k);
      scan(value[k], at, k, hits);
      at.pop();
    }
  }
}

/** Secrets found anywhere in `value`, by attribute name and by value pattern, with their paths. */
export function secretsIn(value: unknown): readonly Hit[] {
  const hits: Hit[] = [];
  scan(value, [], "", hits);
  return hits;
}

/** `a.b[0].c` */
function pathOf(at: ReadonlyArray<string | number>): string {
  return at.reduce<string>((path, step) => (typeof step === "number" ? `${path}[${step}]` : path ? `${path}.${step}` : step), "");
}

function literalSecret(name: string, value: string): boolean {
  if (value === "" || isUnknown(value) || value.includes("${") || value === "true" || value === "false") return false;
  // The Google provider's `credentials` may name a key file; only its content is a secret.
  if (name === "credentials") return value.trim().startsWith("{");
  return true;
}

export default defineStackRule({
  id: "RK-NO-SECRETS",
  title: "No secret values in the synthesized stack",
  description: "Private keys, cloud access keys, passwords and connection strings never appear in Terraform JSON (it is stored, diffed and printed). Secret containers are created empty and set out of band; passwords are managed by the cloud.",
  severity: "critical",
  provider: "any",
  reads: "every attribute of providers, backend, resources, data sources, outputs, variables and locals",
  readsEveryBlock: true,
  publicIds: { checkov: ["CKV_SECRET_2", "CKV_SECRET_13"] },
  fix: "remove the value: use cloud-managed passwords (e.g. RDS `manage_master_user_password`), create the secret container only and set its value out of band, take credentials from the environment or OIDC",
  check(stack) {
    const results: AddressedResult[] = [];
    const judge = (address: string, value: unknown): void => {
      const hits: Hit[] = [];
      scan(value, [], "", hits);
      results.push({ address, ...failIfAny(hits.map((h) => `${h.what} in \`${h.path || address}\``)) });
    };
    for (const p of stack.providers) judge(`provider.${p.key}`, p.values);
    if (stack.backend) judge(`terraform.backend.${stack.backend.type}`, stack.backend.config);
    for (const r of [...stack.resources, ...stack.dataSources]) {
      const hits: Hit[] = [];
      scan(r.values, [], "", hits);
      const attr = SECRET_VALUE_OF[r.type];
      const value = attr ? r.values[attr] : undefined;
      // A runtime configuration document is data by design; RK-RUNTIME-CONFIG checks it value by value.
      if (attr && typeof value === "string" && literalSecret(attr, value) && !isRuntimeDocumentText(value) && !hits.some((h) => h.path === attr)) {
        hits.push({ path: attr, what: `a literal secret value (${value.length} characters)` });
      }
      results.push({ address: r.address, ...failIfAny(hits.map((h) => `${h.what} in \`${h.path}\``)) });
    }
    for (const [name, v] of Object.entries(stack.variables)) if (v.default !== undefined) judge(`var.${name}`, { default: v.default });
    for (const [name, v] of Object.entries(stack.locals)) judge(`local.${name}`, { [name]: v });
    for (const [name, o] of Object.entries(stack.outputs)) {
      const hits: Hit[] = [];
      scan(o.value, ["value"], "value", hits);
      const exposes = !o.sensitive && typeof o.value === "string" && SECRET_ATTRIBUTE_REF.test(o.value);
      const problems = [...hits.map((h) => `${h.what} in the output value`), ...(exposes ? ["exposes a secret attribute without `sensitive = true`"] : [])];
      results.push({ address: `output.${name}`, ...(problems.length ? failIfAny(problems) : pass()) });
    }
    return results;
  },
});
