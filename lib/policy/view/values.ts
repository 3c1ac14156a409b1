import { UNKNOWN, type ResourceView, type StackView, type Values } from "./types";

/** Helpers for reading Terraform JSON values the same way from cdk.tf.json and plan JSON. */

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** A string holding a Terraform expression (`${aws_kms_key.k.arn}`): set, but not a literal. */
export const isExpression = (v: unknown): v is string => typeof v === "string" && v.includes("${");

export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

/** A literal the checker can judge: not an expression and not unknown. */
export const isLiteral = (v: unknown): boolean => v !== undefined && v !== null && !isExpression(v) && !isUnknown(v);

/** Set to something: a literal, an expression or a value known after apply (but not "" or null). */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

/** Terraform booleans may be written as strings in JSON. */
export const isTrue = (v: unknown): boolean => v === true || v === "true";
export const isFalse = (v: unknown): boolean => v === false || v === "false";

/** A nested block as a list: cdk.tf.json writes single blocks as objects, plan JSON as lists. */
export function blocks(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

/** The first block of `name` (or an empty object). */
export function block(values: Values | undefined, name: string): Record<string, unknown> {
  return blocks(values?.[name])[0] ?? {};
}

/** Walks blocks and maps by key, taking the first element of each block list. */
export function dig(values: unknown, ...path: string[]): unknown {
  let current: unknown = values;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

/** Strings of a value or list; numbers count as their text, as Terraform converts them (`22` = `"22"`). */
export function asStringList(v: unknown): string[] {
  const text = (x: unknown): string | undefined =>
    typeof x === "string" ? x : typeof x === "number" && Number.isFinite(x) ? String(x) : undefined;
  if (Array.isArray(v)) return v.map(text).filter((x): x is string => x !== undefined);
  const one = text(v);
  return one === undefined ? [] : [one];
}

/** Case-insensitive equality for providers whose API ignores case (Azure: `Allow`/`allow`). */
export const sameText = (v: unknown, expected: string): boolean => typeof v === "string" && v.toLowerCase() === expected.toLowerCase();

/** Describes a value for a finding without echoing anything secret-like. */
export function show(v: unknown): string {
  if (v === undefined) return "not set";
  if (isUnknown(v)) return "known only after apply";
  return JSON.stringify(v);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether an expression inside `value` refers to `address` (`${aws_s3_bucket.docs.id}`,
 * `${element(aws_subnet.a.*.id, 0)}` ...). Plan JSON gets the same strings from the
 * configuration's expressions, so linking works for both formats.
 */
export function refersTo(value: unknown, address: string): boolean {
  const re = new RegExp(`(^|[^A-Za-z0-9_.\\-])${escape(address)}(\\.|\\[|\\}|\\)|,|\\s|$)`);
  const visit = (v: unknown): boolean => {
    if (typeof v === "string") return v.includes("${") && re.test(v);
    if (Array.isArray(v)) return v.some(visit);
    if (isObject(v)) return Object.values(v).some(visit);
    return false;
  };
  return visit(value);
}

/**
 * Resources of `types` that `value` points at: by reference (`${type.name.attr}`), or, for
 * literal values (a plan where the name was known), by equality with one of `keys` of the
 * candidate (`bucket`, `name`, `id`, ...).
 */
export function linked(stack: StackView, value: unknown, types: readonly string[], keys: readonly string[] = []): ResourceView[] {
  return [...stack.resources, ...stack.dataSources].filter((r) => {
    if (!types.includes(r.type)) return false;
    if (refersTo(value, r.address)) return true;
    return isLiteral(value) && typeof value === "string" && keys.some((k) => r.values[k] === value);
  });
}

/** Resources of `types` whose attribute `attribute` points at `target`. */
export function pointingAt(
  stack: StackView,
  target: ResourceView,
  types: readonly string[],
  attribute: string,
  keys: readonly string[],
): ResourceView[] {
  return stack.resources.filter((r) => {
    if (!types.includes(r.type)) return false;
    const v = r.values[attribute];
    if (refersTo(v, target.address)) return true;
    return isLiteral(v) && typeof v === "string" && keys.some((k) => target.values[k] === v);
  });
}
