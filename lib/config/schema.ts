import type { ErrorObject, ValidateFunction } from "ajv";
import { closest } from "fastest-levenshtein";
import { didYouMean } from "./suggest";
import { maskCredentials } from "./endpoint";
import { maskValue } from "../secrets/mask";
import { formatLocation, RealmkitError, type SourceLocation } from "./errors";
import { locate } from "./merge";
import { childPointer, pointerSegments, pointerToDotted, valueAt, type Pointer } from "./pointer";
import { validate as compiledValidator } from "./realm-validator.generated";
import schema from "./realm.schema.json";

export const realmSchema = schema;

/** The schema compiled ahead of time by ajv (`npm run gen:validator`): ajv's compiler never loads. */
const validator = compiledValidator as unknown as ValidateFunction;

/**
 * Checks a layered realm against the JSON Schema and turns each ajv error into a
 * RealmkitError at the file:line that introduced the offending value.
 */
export function validateSchema(
  value: Record<string, unknown>,
  provenance: ReadonlyMap<Pointer, SourceLocation>,
  realm: string,
  /** Where the realm file itself writes each value: missing keys point there, not at a layer. */
  realmFile?: { readonly file: string; readonly locations: ReadonlyMap<Pointer, SourceLocation> },
): RealmkitError[] {
  if (validator(value)) return [];
  const all = validator.errors ?? [];
  // A misspelt key also shows up as the required key it was meant to be; report it once.
  const misspelt = new Set(
    all
      .filter((e) => e.keyword === "additionalProperties")
      .flatMap((e) => {
        const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        return allowed.length ? [`${e.instancePath}|${closest(key, allowed)}`] : [];
      }),
  );
  const errors = all.filter(
    (e) =>
      isReportable(e) &&
      !(e.keyword === "required" && misspelt.has(`${e.instancePath}|${(e.params as { missingProperty: string }).missingProperty}`)),
  );
  const seen = new Set<string>();
  const out: RealmkitError[] = [];
  for (const error of errors) {
    const converted = convert(error, value, provenance, realm, realmLocationIn(realmFile?.locations, realmFile?.file));
    const key = `${converted.code}|${converted.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(converted);
  }
  return out;
}

// `if/then/else` and `propertyNames` add an umbrella error on top of the precise one beneath it.
function isReportable(error: ErrorObject): boolean {
  return error.keyword !== "if" && error.keyword !== "propertyNames";
}

function convert(
  error: ErrorObject,
  root: Record<string, unknown>,
  provenance: ReadonlyMap<Pointer, SourceLocation>,
  realm: string,
  realmLocation: (pointer: Pointer) => SourceLocation | undefined,
): RealmkitError {
  const at = error.instancePath;
  const where = at === "" ? "the realm" : `\`${pointerToDotted(at)}\``;
  const details = (pointer: Pointer, fix: string, value: unknown = valueAt(root, pointer)) => ({
    location: locate(provenance, pointer),
    value: masked(value, pointer),
    fix,
    realm,
  });

  switch (error.keyword) {
    case "additionalProperties": {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const hint = didYouMean(key, allowed);
      if (at === "/database" && allowed.includes("external")) {
        return new RealmkitError(
          "RK-CONFIG-UNKNOWN-KEY",
          `\`database.external\` cannot be combined with \`${key}\` (a managed-database key) in the same file`,
          details(
            childPointer(at, key),
            `an external database takes only \`external: { host, port }\`: remove \`${key}\` here, or remove \`external\` to keep the managed database`,
            key,
          ),
        );
      }
      return new RealmkitError(
        "RK-CONFIG-UNKNOWN-KEY",
        `unknown key \`${key}\` in ${where}.${hint}`,
        details(childPointer(at, key), `use one of: ${allowed.join(", ")}`, key),
      );
    }
    case "required": {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const inherited = locate(provenance, at);
      const own = realmLocation(at);
      const from =
        inherited && own && inherited.file !== own.file && at !== ""
          ? ` (\`${pointerToDotted(at)}\` comes from ${formatLocation(inherited)})`
          : "";
      return new RealmkitError("RK-CONFIG-MISSING-KEY", `${where} needs \`${missing}\`${from}`, {
        location: own ?? inherited,
        value: valueAt(root, at),
        fix: `add \`${missing}:\` to ${where}${exampleOf(error, missing)}, in this file or a layer it extends`,
        realm,
      });
    }
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const value = valueAt(root, at);
      const hint = typeof value === "string" ? didYouMean(value, allowed.map(String)) : "";
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is ${shown(value, at)}, which is not allowed.${hint}`,
        details(at, `use one of: ${allowed.join(", ")}`),
      );
    }
    case "type": {
      const type = (error.params as { type: string }).type;
      return new RealmkitError(
        "RK-CONFIG-WRONG-TYPE",
        `${where} must be ${typeName(type)}, got ${describe(valueAt(root, at), at)}`,
        details(at, `write ${where} as ${typeName(type)}${exampleFor(error.parentSchema)}`),
      );
    }
    case "pattern":
    case "format": {
      const schemaNode = error.parentSchema as { description?: string; examples?: unknown[] };
      const described =
        schemaNode.description ??
        (error.keyword === "format" ? FORMATS[(error.params as { format: string }).format] : undefined) ??
        "a value of the documented form";
      if (error.propertyName !== undefined) {
        return new RealmkitError(
          "RK-CONFIG-INVALID-KEY",
          `${where} has the key \`${error.propertyName}\`, which is not allowed (${lowerFirst(described)})`,
          details(childPointer(at, error.propertyName), `rename the key${exampleFor(schemaNode, ", e.g. ")}`, error.propertyName),
        );
      }
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is ${shown(valueAt(root, at), at)}, which is not allowed: ${lowerFirst(described)}`,
        details(at, `write ${lowerFirst(described)}${exampleFor(schemaNode, ", e.g. ")}`),
      );
    }
    case "minimum":
    case "maximum": {
      const limit = (error.params as { limit: number }).limit;
      const range = rangeOf(error.parentSchema as { minimum?: number; maximum?: number; type?: string });
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is ${shown(valueAt(root, at), at)}; it must be ${error.keyword === "minimum" ? "at least" : "at most"} ${limit}`,
        details(at, `use ${range}`),
      );
    }
    case "minItems": {
      const limit = (error.params as { limit: number }).limit;
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is an empty list; it needs at least ${limit} ${limit === 1 ? "entry" : "entries"}`,
        details(at, `add ${limit === 1 ? "an entry" : `${limit} entries`} to ${where}, or remove the key`),
      );
    }
    case "uniqueItems": {
      const { i } = error.params as { i: number; j: number };
      const list = valueAt(root, at) as unknown[];
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} lists ${shown(list[i], at)} twice`,
        details(childPointer(at, i), "list each value once"),
      );
    }
    case "minLength": {
      const limit = (error.params as { limit: number }).limit;
      const value = valueAt(root, at);
      const length = typeof value === "string" ? value.length : 0;
      if (length === 0 || limit <= 1)
        return new RealmkitError(
          "RK-CONFIG-INVALID-VALUE",
          `${where} is empty`,
          details(at, `write a value for ${where}${exampleFor(error.parentSchema, ", e.g. ")}`),
        );
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is ${length} character${length === 1 ? "" : "s"} long; it needs at least ${limit}`,
        details(at, `write at least ${limit} characters${exampleFor(error.parentSchema, ", e.g. ")}`),
      );
    }
    case "maxLength": {
      const limit = (error.params as { limit: number }).limit;
      const value = valueAt(root, at);
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is ${typeof value === "string" ? value.length : "too many"} characters long; at most ${limit} are allowed`,
        details(at, `shorten it to ${limit} characters or fewer`, masked(value, at)),
      );
    }
    case "maxItems": {
      const limit = (error.params as { limit: number }).limit;
      const list = valueAt(root, at);
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} has ${Array.isArray(list) ? list.length : "too many"} entries; at most ${limit} are allowed`,
        details(at, `keep ${limit} entries or fewer in ${where}`, undefined),
      );
    }
    case "maxProperties": {
      const limit = (error.params as { limit: number }).limit;
      const map = valueAt(root, at);
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} has ${map && typeof map === "object" ? Object.keys(map).length : "too many"} keys; at most ${limit} are allowed`,
        details(at, `keep ${limit} keys or fewer in ${where}`, undefined),
      );
    }
    case "const": {
      const allowed = (error.params as { allowedValue: unknown }).allowedValue;
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is ${shown(valueAt(root, at), at)}; only ${JSON.stringify(allowed)} is allowed here`,
        details(at, `write ${JSON.stringify(allowed)}`),
      );
    }
    case "anyOf":
    case "oneOf": {
      // Each alternative failed; say what the alternatives are instead of listing every failure.
      const alternatives = ((error.parentSchema as { anyOf?: unknown[]; oneOf?: unknown[] })[error.keyword as "anyOf"] ?? []).map(
        describeSchema,
      );
      return new RealmkitError(
        "RK-CONFIG-WRONG-TYPE",
        `${where} is ${describe(valueAt(root, at), at)}, which is none of the forms allowed here`,
        details(at, `write ${[...new Set(alternatives)].join(", or ")}`),
      );
    }
    default:
      // A keyword this formatter does not know yet: still say where and what, never ajv's wording.
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is ${shown(valueAt(root, at), at)}, which is not allowed here`,
        details(at, "see docs/realm-file.md and lib/config/realm.schema.json for the allowed values"),
      );
  }
}

/** Where the realm file itself writes `pointer` or the nearest map around it; else its first line. */
function realmLocationIn(locations: ReadonlyMap<Pointer, SourceLocation> | undefined, file: string | undefined) {
  return (pointer: Pointer): SourceLocation | undefined => {
    if (!locations || !file) return undefined;
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
      const loc = locations.get(p);
      if (loc && p !== "") return loc;
      if (p === "") return { file, line: 1, col: 1 };
    }
  };
}

const FORMATS: Readonly<Record<string, string>> = { email: "An e-mail address.", date: "A quoted date YYYY-MM-DD." };

function lowerFirst(text: string): string {
  const t = text.replace(/\.$/, "");
  // "A tag key" reads "a tag key" mid-sentence; "AWS account id" and "GCP ..." keep their case.
  return /^[A-Z](?![A-Z])/.test(t) ? t[0]!.toLowerCase() + t.slice(1) : t;
}

function exampleFor(node: unknown, lead = " (e.g. "): string {
  const examples = (node as { examples?: unknown[] } | undefined)?.examples;
  if (!examples?.length) return "";
  const ex = typeof examples[0] === "string" ? String(examples[0]) : JSON.stringify(examples[0]);
  return lead === " (e.g. " ? ` (e.g. ${ex})` : `${lead}${ex}`;
}

function exampleOf(error: ErrorObject, key: string): string {
  const props = (error.parentSchema as { properties?: Record<string, unknown> }).properties;
  const node = props?.[key] as { type?: string; enum?: unknown[] } | undefined;
  if (!node) return "";
  // Without an example, the type or the allowed values still tell what to write.
  const example = exampleFor(node);
  if (example) return example;
  if (node.enum) return ` (one of: ${node.enum.join(", ")})`;
  return node.type ? ` (${typeName(node.type)})` : "";
}

function rangeOf(node: { minimum?: number; maximum?: number; type?: string }): string {
  const what = node.type === "integer" ? "a whole number" : "a number";
  if (node.minimum !== undefined && node.maximum !== undefined) return `${what} from ${node.minimum} to ${node.maximum}`;
  if (node.minimum !== undefined) return `${what} of at least ${node.minimum}`;
  return `${what} of at most ${node.maximum}`;
}

// Service URLs may carry credentials, and a secret-named key holds a secret: never show them in a message.
function masked(value: unknown, pointer: Pointer): unknown {
  if (typeof value === "string" && /\/url$/.test(pointer)) return maskCredentials(value);
  return maskValue(value, pointerSegments(pointer).pop() ?? "");
}

function shown(value: unknown, pointer: Pointer): string {
  return JSON.stringify(masked(value, pointer));
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: "a mapping (`key: value` lines or `{ key: value }`)",
  array: "a list (`[a, b]` or `- a` lines)",
  string: "text",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
  null: "null",
};

function typeName(type: string): string {
  return type
    .split(",")
    .map((t) => TYPE_NAMES[t] ?? t)
    .join(" or ");
}

/** One schema alternative in words, e.g. "text (up to 4096 characters)". */
function describeSchema(node: unknown): string {
  const ref = (node as { $ref?: string }).$ref;
  // Only local references exist in the realm schema (`#/definitions/<name>`).
  if (ref?.startsWith("#/definitions/"))
    return describeSchema((schema.definitions as Record<string, unknown>)[ref.slice("#/definitions/".length)]);
  const n = node as { type?: string; maxLength?: number; maxItems?: number; items?: unknown };
  if (n.type === "array") {
    const items = n.items ? ` of ${((n.items as { anyOf?: unknown[] }).anyOf ?? [n.items]).map(describeSchema).join(" / ")}` : "";
    return `a list${items}${n.maxItems !== undefined ? ` (up to ${n.maxItems} entries)` : ""}`;
  }
  if (n.type === "string" && n.maxLength !== undefined) return `text (up to ${n.maxLength} characters)`;
  return n.type ? typeName(n.type) : "a value of the documented form";
}

function describe(value: unknown, pointer: Pointer): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number") return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  if (typeof value === "boolean") return String(value);
  return `the text ${shown(value, pointer)}`;
}
