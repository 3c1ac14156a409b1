/**
 * Read tracing for results that depend on a small part of a large input: the fleet stack
 * reads a few fields of every realm (accounts, alerts, paging) and none of the rest (sizes,
 * tags, services), so keying it on whole realms would rebuild it after any edit. Instead the
 * build runs once against a proxy that records every read (the path, what was found there),
 * and the result is reused while every recorded read still finds the same thing: a
 * deterministic computation that reads the same values takes the same branches and writes
 * the same output ("verifying traces", as in Mokhov, Mitchell and Peyton Jones, "Build
 * systems à la carte"). The code and the environment are keyed separately.
 *
 * Anything a trace cannot state exactly (a mutation, a class instance, a symbol-keyed own
 * read, a call with arguments that are not plain values) taints it: no trace, no reuse.
 */

/** One read: the path from the root, what kind of read, and what it found. */
export type TraceEntry = readonly [path: readonly string[], kind: ReadKind, found: string];

/**
 * v: a property's value; k: an object's own keys; h: whether a key is there (`in`); o: whether
 * it is an own key; s: a Set's or Map's contents; c: a call (arguments and result).
 */
type ReadKind = "v" | "k" | "h" | "o" | "s" | "c";

export interface ReadTrace {
  readonly entries: readonly TraceEntry[];
}

export interface TracedRoot<T> {
  /** Stands in for the root: reads through it are recorded. */
  readonly proxy: T;
  /** The reads so far, or undefined when something was read that a trace cannot state. */
  trace(): ReadTrace | undefined;
}

class Untraceable extends Error {}

const hasOwn = (o: object, k: PropertyKey) => Object.hasOwn(o, k);

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Array.isArray(value);
}

/** An exact, typed rendering of a primitive, or of an object's shape (its contents are read separately). */
function shape(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") {
    if (Array.isArray(value)) return "array";
    const tag = Object.prototype.toString.call(value);
    if (tag === "[object Set]" || tag === "[object Map]") return tag;
    if (!isPlain(value)) throw new Untraceable("a class instance");
    return Object.getPrototypeOf(value) === null ? "dict" : "object";
  }
  if (typeof value === "function") return "function";
  if (typeof value === "symbol" || typeof value === "bigint") throw new Untraceable(`a ${typeof value}`);
  return `${typeof value}:${Object.is(value, -0) ? "-0" : String(value)}`;
}

/** A call's arguments, when they are strings, numbers, booleans or null (so a check can repeat the call). */
function plainArguments(args: readonly unknown[]): unknown[] {
  for (const a of args) {
    if (a !== null && !["string", "number", "boolean"].includes(typeof a)) throw new Untraceable("a call with an object argument");
    if (typeof a === "number" && !Number.isFinite(a)) throw new Untraceable("a call with a non-finite number");
  }
  return [...args];
}

/** Plain data rendered whole (a Set's members, a call's arguments and result), or Untraceable. */
function whole(value: unknown): string {
  const seen = new Set<object>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") {
      if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") throw new Untraceable(`a ${typeof v}`);
      return shape(v);
    }
    if (seen.has(v)) throw new Untraceable("a cycle");
    seen.add(v);
    const tag = Object.prototype.toString.call(v);
    let out: unknown;
    if (tag === "[object Set]") out = { set: [...(v as Set<unknown>)].map(walk) };
    else if (tag === "[object Map]") out = { map: [...(v as Map<unknown, unknown>)].map(([k, x]) => [walk(k), walk(x)]) };
    else if (Array.isArray(v)) out = v.map(walk);
    else if (isPlain(v)) out = Object.keys(v).map((k) => [k, walk((v as Record<string, unknown>)[k])]);
    else throw new Untraceable("a class instance");
    seen.delete(v);
    return out;
  };
  return JSON.stringify(walk(value));
}

/**
 * Wraps `root` so every read through it is recorded. Objects and arrays are proxied lazily,
 * one proxy per path (the same object reached by two paths is traced on both); a Set or Map
 * is handed out as is and recorded whole; an own function (a lookup such as a realm's peers)
 * records each call. The proxies stand over empty stand-ins, not the data, so frozen input
 * does not trip the Proxy invariants.
 */
export function traceReads<T extends object>(root: T): TracedRoot<T> {
  const entries = new Map<string, TraceEntry>();
  let tainted: string | undefined;
  const proxies = new Map<string, unknown>();

  const record = (path: readonly string[], kind: ReadKind, found: string) => {
    // A call's entry is per argument list, every other read per path.
    const id = `${kind}\u0000${path.join("\u0000")}${kind === "c" ? `\u0000${found}` : ""}`;
    if (!entries.has(id)) entries.set(id, [path, kind, found]);
  };
  const guard = <R>(fn: () => R, fallback: () => R): R => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof Untraceable)) throw err;
      tainted ??= err.message;
      return fallback();
    }
  };

  const wrap = (value: unknown, path: readonly string[]): unknown => {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
    const id = path.join("\u0000");
    const known = proxies.get(id);
    if (known !== undefined) return known;
    let proxy: unknown;
    if (typeof value === "function") {
      proxy = new Proxy(value, {
        apply(fn, thisArg, args) {
          const result = Reflect.apply(fn, thisArg, args);
          guard(
            () => record(path, "c", JSON.stringify([plainArguments(args), whole(result)])),
            () => undefined,
          );
          return result;
        },
      });
    } else if (!Array.isArray(value) && !isPlain(value)) {
      return value; // a Set or Map: its reader recorded it whole
    } else {
      proxy = objectProxy(value as Record<string, unknown>, path);
    }
    proxies.set(id, proxy);
    return proxy;
  };

  const read = (real: Record<string, unknown>, key: string, path: readonly string[]): unknown => {
    const value = real[key];
    const at = [...path, key];
    return guard(
      () => {
        const s = shape(value);
        if (s === "[object Set]" || s === "[object Map]") record(at, "s", whole(value));
        else record(at, "v", s);
        // Inherited methods (an array's map, an object's toString) are code, not data.
        if (typeof value === "function" && !hasOwn(real, key)) return value;
        return wrap(value, at);
      },
      () => value,
    );
  };

  const objectProxy = (real: Record<string, unknown>, path: readonly string[]) => {
    const standIn = Array.isArray(real) ? new Array(real.length) : Object.create(Object.getPrototypeOf(real));
    return new Proxy(standIn, {
      get(_t, key) {
        if (typeof key === "symbol") return (real as Record<symbol, unknown>)[key];
        return read(real, key, path);
      },
      has(_t, key) {
        if (typeof key !== "symbol") record([...path, key], "h", String(key in real));
        return key in real;
      },
      ownKeys() {
        const keys = Reflect.ownKeys(real);
        const names = keys.filter((k): k is string => typeof k === "string");
        if (names.length !== keys.length) tainted ??= "symbol-keyed properties";
        record(path, "k", JSON.stringify(names));
        return keys;
      },
      getOwnPropertyDescriptor(_t, key) {
        const d = Reflect.getOwnPropertyDescriptor(real, key);
        if (typeof key === "symbol") {
          tainted ??= "a symbol-keyed property";
          return d && { ...d, configurable: true };
        }
        record([...path, key], "o", String(d !== undefined));
        if (!d) return undefined;
        // An array's length is non-configurable on the stand-in too: report it as such.
        if (Array.isArray(real) && key === "length") return { value: real.length, writable: true, enumerable: false, configurable: false };
        return { value: read(real, key, path), writable: true, enumerable: d.enumerable, configurable: true };
      },
      // A write makes the input something the trace did not see: it goes through, untraced.
      set(_t, key, value) {
        tainted ??= `a write to ${String(key)}`;
        return Reflect.set(real, key, value);
      },
      defineProperty(_t, key, descriptor) {
        tainted ??= `a write to ${String(key)}`;
        return Reflect.defineProperty(real, key, descriptor);
      },
      deleteProperty(_t, key) {
        tainted ??= `a deletion of ${String(key)}`;
        return Reflect.deleteProperty(real, key);
      },
    });
  };

  return {
    proxy: wrap(root, []) as T,
    trace: () => (tainted ? undefined : { entries: [...entries.values()] }),
  };
}

/** Whether every read of `trace` finds the same thing in `root` (so the traced result holds for it). */
export function traceHolds(trace: ReadTrace, root: unknown): boolean {
  try {
    for (const [path, kind, found] of trace.entries) {
      let at: unknown = root;
      let parent: unknown;
      for (const key of path) {
        if (at === null || typeof at !== "object") return false;
        parent = at;
        at = (at as Record<string, unknown>)[key];
      }
      switch (kind) {
        case "v":
          if (shape(at) !== found) return false;
          break;
        case "s":
          if (whole(at) !== found) return false;
          break;
        case "k": {
          if (at === null || typeof at !== "object") return false;
          if (JSON.stringify(Reflect.ownKeys(at).filter((k) => typeof k === "string")) !== found) return false;
          break;
        }
        case "h":
        case "o": {
          // The path's last key is the one asked about; its parent is the object asked.
          if (path.length === 0 || parent === null || typeof parent !== "object") return false;
          const key = path[path.length - 1]!;
          if (String(kind === "h" ? key in parent : hasOwn(parent, key)) !== found) return false;
          break;
        }
        case "c": {
          if (typeof at !== "function") return false;
          const [args, result] = JSON.parse(found) as [unknown[], string];
          if (whole(Reflect.apply(at, parent, args)) !== result) return false;
          break;
        }
      }
    }
    return true;
  } catch (err) {
    if (err instanceof Untraceable) return false;
    throw err;
  }
}
