import { createHash } from "node:crypto";

/** Thrown when a value holds something whose meaning a key cannot capture: the caller skips the cache. */
export class UncacheableValue extends Error {}

/**
 * Appends an exact, typed rendering of `value` to `out`. Unlike a sorted canonical form it keeps
 * object key order, because cdktf writes keys in the order the realm gave them (tags, services):
 * two configurations that differ only in order may synthesize different bytes, so they must not
 * share a key. Anything but plain data (class instances, functions, symbols) is refused.
 */
function render(value: unknown, out: string[]): void {
  if (value === null) return void out.push("n");
  switch (typeof value) {
    case "undefined":
      return void out.push("u");
    case "boolean":
      return void out.push(value ? "t" : "f");
    case "number":
      return void out.push(Object.is(value, -0) ? "d-0" : `d${String(value)}`);
    case "string":
      return void out.push(`s${value.length}:`, value);
    case "object":
      break;
    default:
      throw new UncacheableValue(`a ${typeof value} in the configuration`);
  }
  if (Array.isArray(value)) {
    out.push(`[${value.length}`);
    for (let i = 0; i < value.length; i++) render(value[i], out);
    return void out.push("]");
  }
  const tag = Object.prototype.toString.call(value);
  if (tag === "[object Set]") {
    out.push(`S${(value as Set<unknown>).size}`);
    for (const v of value as Set<unknown>) render(v, out);
    return void out.push("]");
  }
  if (tag === "[object Map]") {
    out.push(`M${(value as Map<unknown, unknown>).size}`);
    for (const [k, v] of value as Map<unknown, unknown>) {
      render(k, out);
      render(v, out);
    }
    return void out.push("]");
  }
  if (!isPlainObject(value)) throw new UncacheableValue("an object that is not plain data in the configuration");
  const keys = Object.keys(value);
  out.push(`{${keys.length}`);
  for (const k of keys) {
    out.push(`k${k.length}:`, k);
    render((value as Record<string, unknown>)[k], out);
  }
  out.push("}");
}

/** SHA-256 over the exact renderings of `parts`, in order. Throws UncacheableValue. */
export function keyOf(...parts: readonly unknown[]): string {
  const out: string[] = [];
  for (const p of parts) render(p, out);
  return createHash("sha256").update(out.join("\u0000")).digest("hex");
}

/**
 * A plain `{}` object (or one without prototype), from any realm: structuredClone and jest's
 * sandbox make plain objects whose Object.prototype is another realm's.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Object.prototype.toString.call(value) !== "[object Object]") return false;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return proto === null || (Object.getPrototypeOf(proto) === null && proto.constructor?.name === "Object");
}
