import { isObject } from "./values";
import type { Values, VariableView } from "./types";

/**
 * Replaces `${var.x}` and `${local.y}` with their values where the configuration itself fixes
 * them (a variable's literal default, a literal local), so rules judge the value Terraform will
 * use rather than the reference. What stays an expression is left for the engine to report as
 * "cannot evaluate" when a rule's verdict depends on it.
 */
export function resolveReferences(variables: Readonly<Record<string, VariableView>>, locals: Values): (value: unknown) => unknown {
  const names = new Map<string, unknown>();
  for (const [name, v] of Object.entries(variables))
    if (v.default !== undefined && v.default !== null && isLiteralDeep(v.default)) names.set(`var.${name}`, v.default);
  for (const [name, v] of Object.entries(locals)) if (isLiteralDeep(v)) names.set(`local.${name}`, v);
  if (names.size === 0) return (value) => value;

  const whole = /^\$\{\s*((?:var|local)\.[A-Za-z0-9_-]+)\s*\}$/;
  const inner = /\$\{\s*((?:var|local)\.[A-Za-z0-9_-]+)\s*\}/g;
  const resolve = (value: unknown): unknown => {
    if (typeof value === "string") {
      if (!value.includes("${")) return value;
      const exact = whole.exec(value);
      if (exact && names.has(exact[1]!)) return names.get(exact[1]!);
      // Inside a longer template only scalars can be spliced in.
      return value.replace(inner, (m, ref: string) => {
        const v = names.get(ref);
        return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : m;
      });
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (isObject(value)) {
      // No prototype: an attribute or map key named `__proto__` stays a key.
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) out[k] = resolve(v);
      return out;
    }
    return value;
  };
  return resolve;
}

function isLiteralDeep(v: unknown): boolean {
  if (typeof v === "string") return !v.includes("${");
  if (Array.isArray(v)) return v.every(isLiteralDeep);
  if (isObject(v)) return Object.values(v).every(isLiteralDeep);
  return true;
}
