import { awsCases } from "../fixtures/rules/aws";
import { azureCases } from "../fixtures/rules/azure";
import { commonCases } from "../fixtures/rules/common";
import { gcpCases } from "../fixtures/rules/gcp";
import type { RuleCase } from "../fixtures/tf";
import { addressesWith, runRule } from "../helpers";
import type { TfJson } from "../../helpers/synth";

/**
 * Every rule's own fixtures, rewritten into other forms Terraform accepts for the same
 * configuration, must get the same verdict: the engine reads forms, rules judge values.
 */
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const mapBodies = (section: unknown, f: (body: unknown) => unknown): unknown =>
  isObj(section)
    ? Object.fromEntries(
        Object.entries(section).map(([type, byName]) => [
          type,
          isObj(byName) ? Object.fromEntries(Object.entries(byName).map(([n, b]) => [n, f(b)])) : byName,
        ]),
      )
    : section;
const mapValues = (section: unknown, f: (type: string, body: Json) => Json): unknown =>
  isObj(section)
    ? Object.fromEntries(
        Object.entries(section).map(([type, byName]) => [
          type,
          isObj(byName) ? Object.fromEntries(Object.entries(byName).map(([n, b]) => [n, isObj(b) ? f(type, b) : b])) : byName,
        ]),
      )
    : section;
const deep = (v: unknown, f: (key: string, v: unknown) => unknown, key = ""): unknown => {
  if (Array.isArray(v)) return v.map((x) => deep(x, f, key));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "//" || k === "lifecycle" ? x : deep(x, f, k)]));
  return f(key, v);
};

/** Bodies as one-element lists at every level HCL-to-JSON converters write them, and `resource` as a list. */
function listBodies(json: TfJson): TfJson {
  const j = json as Json;
  const wrap = (b: unknown) => [b];
  const out: Json = { ...j, resource: [mapBodies(j.resource, wrap)], ...(j.data ? { data: mapBodies(j.data, wrap) } : {}) };
  for (const section of ["variable", "output"])
    if (isObj(j[section])) out[section] = Object.fromEntries(Object.entries(j[section] as Json).map(([n, b]) => [n, [b]]));
  if (isObj(j.locals)) out.locals = [j.locals];
  return out as TfJson;
}

/** Numbers and booleans written as strings (Terraform converts them), ports as numbers. */
function scalarForms(json: TfJson, to: "strings" | "numbers"): TfJson {
  const j = json as Json;
  const f = (key: string, v: unknown): unknown => {
    if (to === "strings") return typeof v === "number" || typeof v === "boolean" ? String(v) : v;
    return typeof v === "string" && /port/.test(key) && /^\d+$/.test(v) ? Number(v) : v;
  };
  return { ...j, resource: mapValues(j.resource, (_t, b) => deep(b, f) as Json) } as TfJson;
}

/** Azure compares these enumerations case-insensitively: `Allow`/`allow`/`ALLOW`, `Internet`/`internet`. */
const AZURE_CASELESS = new Set([
  "direction",
  "access",
  "protocol",
  "source_address_prefix",
  "source_address_prefixes",
  "destination_address_prefix",
  "destination_address_prefixes",
  "default_action",
  "key_vault_network_access",
  "create_mode",
]);
function azureCase(json: TfJson, change: (s: string) => string): TfJson {
  const j = json as Json;
  const f = (key: string, v: unknown): unknown => (AZURE_CASELESS.has(key) && typeof v === "string" && !v.includes("${") ? change(v) : v);
  return { ...j, resource: mapValues(j.resource, (t, b) => (t.startsWith("azurerm_") ? (deep(b, f) as Json) : b)) } as TfJson;
}

const VARIANTS: Readonly<Record<string, (json: TfJson) => TfJson>> = {
  "list bodies": listBodies,
  "numbers and booleans as strings": (j) => scalarForms(j, "strings"),
  "ports as numbers": (j) => scalarForms(j, "numbers"),
  "Azure enumerations in lower case": (j) => azureCase(j, (s) => s.toLowerCase()),
  "Azure enumerations in upper case": (j) => azureCase(j, (s) => s.toUpperCase()),
};

const cases: Array<[string, RuleCase]> = Object.entries({ ...awsCases, ...gcpCases, ...azureCases, ...commonCases });
const verdict = (id: string, json: TfJson, realm?: RuleCase["compliantRealm"]) => {
  const findings = runRule(id.split(" ")[0]!, json, realm?.());
  return { errors: addressesWith(findings, "error"), failing: addressesWith(findings, "fail"), passing: addressesWith(findings, "pass") };
};

describe.each(Object.entries(VARIANTS))("fixtures rewritten with %s", (_name, rewrite) => {
  test.each(cases)("%s: same verdict", (id, c) => {
    expect(verdict(id, rewrite(c.compliant), c.compliantRealm)).toEqual(verdict(id, c.compliant, c.compliantRealm));
    expect(verdict(id, rewrite(c.noncompliant), c.noncompliantRealm)).toEqual(verdict(id, c.noncompliant, c.noncompliantRealm));
  });
});
