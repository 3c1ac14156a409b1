import type { ResourceView } from "./view/types";
import { isObject } from "./view/values";

/**
 * Values only the caller of a module or Terraform's iteration decides: a rule cannot know them
 * from the configuration. (References to resources are different: rules link them, and an
 * attribute that only has to be set is set by one.)
 */
const UNRESOLVED = /\$\{[^}]*\b(?:var|local|each|count)\./;

/** A string whose value the caller or Terraform's iteration decides (`${var.region}`, `${each.value}`). */
export const isOpenExpression = (v: unknown): boolean => typeof v === "string" && v.includes("${") && UNRESOLVED.test(v);

/** Whether anything in the values could make a verdict unknowable: a `dynamic` block or an unresolved expression. */
export function mayBeUnevaluable(values: unknown): boolean {
  // An explicit stack: a hostile file may nest values deeper than the call stack goes.
  const todo: unknown[] = [values];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v === "string") {
      if (v.includes("${") && UNRESOLVED.test(v)) return true;
    } else if (Array.isArray(v)) {
      todo.push(...v);
    } else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === "dynamic" && isObject(x)) return true;
        todo.push(x);
      }
    }
  }
  return false;
}

/**
 * The resource with its values behind a proxy that notes every value a rule reads that the
 * configuration leaves open: an attribute Terraform generates from a `dynamic` block, or an
 * expression over variables, locals or iteration. A verdict built on such a read is no verdict;
 * the engine reports "cannot evaluate" with these notes instead of a pass.
 */
export function watched(resource: ResourceView): { readonly resource: ResourceView; readonly notes: () => string[] } {
  const notes = new Set<string>();
  const cache = new WeakMap<object, unknown>();
  const wrap = (value: unknown, path: string): unknown => {
    if (value === null || typeof value !== "object") return value;
    const hit = cache.get(value);
    if (hit) return hit;
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== "string") return v;
        const at = Array.isArray(target) ? (/^\d+$/.test(key) ? path : undefined) : path ? `${path}.${key}` : key;
        if (at === undefined) return v; // array methods and length
        const dynamic = (target as Record<string, unknown>).dynamic;
        if (v === undefined && !Array.isArray(target) && isObject(dynamic) && Object.hasOwn(dynamic, key)) {
          notes.add(`\`${at}\` comes from a \`dynamic "${key}"\` block, expanded only at plan time`);
        }
        if (typeof v === "string" && v.includes("${") && UNRESOLVED.test(v)) notes.add(`\`${at}\` is the expression ${JSON.stringify(v)}`);
        return wrap(v, at);
      },
    });
    cache.set(value, proxy);
    return proxy;
  };
  return { resource: { ...resource, values: wrap(resource.values, "") as ResourceView["values"] }, notes: () => [...notes] };
}
