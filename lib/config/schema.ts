import type { ErrorObject, ValidateFunction } from "ajv";
import { closest } from "fastest-levenshtein";
import { RealmkitError, type SourceLocation } from "./errors";
import { locate } from "./merge";
import { childPointer, pointerToDotted, valueAt, type Pointer } from "./pointer";
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
): RealmkitError[] {
  if (validator(value)) return [];
  const all = validator.errors ?? [];
  // A misspelt key also shows up as the required key it was meant to be; report it once.
  const misspelt = new Set(
    all.filter((e) => e.keyword === "additionalProperties").flatMap((e) => {
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      return allowed.length ? [`${e.instancePath}|${closest(key, allowed)}`] : [];
    }),
  );
  const errors = all.filter(
    (e) => isReportable(e) && !(e.keyword === "required" && misspelt.has(`${e.instancePath}|${(e.params as { missingProperty: string }).missingProperty}`)),
  );
  const seen = new Set<string>();
  const out: RealmkitError[] = [];
  for (const error of errors) {
    const converted = convert(error, value, provenance, realm);
    const key = `${converted.code}|${converted.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(converted);
  }
  return out;
}

// `if/then/else` adds an umbrella error on top of the precise one beneath it.
function isReportable(error: ErrorObject): boolean {
  return error.keyword !== "if";
}

function convert(
  error: ErrorObject,
  root: Record<string, unknown>,
  provenance: ReadonlyMap<Pointer, SourceLocation>,
  realm: string,
): RealmkitError {
  const at = error.instancePath;
  const where = at === "" ? "the realm" : `\`${pointerToDotted(at)}\``;
  const details = (pointer: Pointer, fix: string, value: unknown = valueAt(root, pointer)) => ({
    location: locate(provenance, pointer),
    value,
    fix,
    realm,
  });

  switch (error.keyword) {
    case "additionalProperties": {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const guess = allowed.length ? closest(key, allowed) : undefined;
      const hint = guess ? ` did you mean \`${guess}\`?` : "";
      if (at === "/database" && allowed.includes("external")) {
        return new RealmkitError(
          "RK-CONFIG-UNKNOWN-KEY",
          `\`database.external\` cannot be combined with \`${key}\` (a managed-database key) in the same file`,
          details(childPointer(at, key), `an external database takes only \`external: { host, port }\`: remove \`${key}\` here, or remove \`external\` to keep the managed database`, key),
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
      return new RealmkitError(
        "RK-CONFIG-MISSING-KEY",
        `${where} needs \`${missing}\``,
        details(at, `add \`${missing}:\` to ${where} (in the realm file or a layer it extends)`),
      );
    }
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const value = valueAt(root, at);
      const guess = typeof value === "string" ? closest(value, allowed.map(String)) : undefined;
      const hint = guess ? ` did you mean \`${guess}\`?` : "";
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is ${JSON.stringify(value)}, which is not allowed.${hint}`,
        details(at, `use one of: ${allowed.join(", ")}`),
      );
    }
    case "type":
      return new RealmkitError(
        "RK-CONFIG-WRONG-TYPE",
        `${where} must be ${article((error.params as { type: string }).type)}, got ${describe(valueAt(root, at))}`,
        details(at, `write ${where} as ${article((error.params as { type: string }).type)}`),
      );
    case "pattern":
    case "format":
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} is ${JSON.stringify(valueAt(root, at))}, which is not a valid ${formatName(error)}`,
        details(at, (error.parentSchema as { description?: string }).description ?? `match ${formatName(error)}`),
      );
    default:
      return new RealmkitError(
        "RK-CONFIG-INVALID-VALUE",
        `${where} ${error.message ?? "is invalid"} (got ${JSON.stringify(valueAt(root, at))})`,
        details(at, `change ${where} so that it ${error.message ?? "is valid"}`),
      );
  }
}

function formatName(error: ErrorObject): string {
  if (error.keyword === "format") return (error.params as { format: string }).format;
  return `value (pattern ${(error.params as { pattern: string }).pattern})`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}
