import fc from "fast-check";
import { traceHolds, traceReads } from "../../lib/cache/read-trace";

const deepFreeze = <T>(v: T): T => {
  if (v && typeof v === "object") {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
};
// Not a JSON round trip: that turns -0 into 0, which the trace rightly tells apart.
const clone = <T>(v: T): T =>
  (v === null || typeof v !== "object"
    ? v
    : Array.isArray(v)
      ? v.map(clone)
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]))) as T;

describe("read traces", () => {
  const data = () => ({
    realms: [
      { id: "us2", config: { tier: "prod", tags: { team: "a" }, alerts: [{ id: "cpu", threshold: 80 }] } },
      { id: "eu1", config: { tier: "staging", tags: { team: "b" }, alerts: [] as { id: string; threshold: number }[] } },
    ],
  });

  test("a read-through proxy answers like the data, frozen or not, for the ways code reads", () => {
    for (const input of [data(), deepFreeze(data())]) {
      const { proxy, trace } = traceReads(input);
      expect(JSON.stringify(proxy)).toBe(JSON.stringify(input));
      expect(Array.isArray(proxy.realms)).toBe(true);
      expect(proxy.realms.map((r) => r.id)).toEqual(["us2", "eu1"]);
      expect([...proxy.realms].length).toBe(2);
      expect(Object.keys(proxy.realms[0]!.config)).toEqual(["tier", "tags", "alerts"]);
      expect({ ...proxy.realms[0]!.config.tags }).toEqual({ team: "a" });
      expect(Object.entries(proxy.realms[1]!.config.tags)).toEqual([["team", "b"]]);
      expect("tier" in proxy.realms[0]!.config).toBe(true);
      expect(proxy.realms[0] === proxy.realms[0]).toBe(true);
      expect(trace()).toBeDefined();
    }
  });

  test("the trace holds while every read finds the same, and not once one read differs", () => {
    const input = data();
    const { proxy, trace } = traceReads(input);
    // Reads the tiers and the alert thresholds, never the tags.
    const seen = proxy.realms.map((r) => `${r.id}:${r.config.tier}:${r.config.alerts.map((a) => a.threshold).join("/")}`);
    expect(seen).toEqual(["us2:prod:80", "eu1:staging:"]);
    const t = trace()!;
    expect(traceHolds(t, input)).toBe(true);

    const tags = clone(input);
    tags.realms[0]!.config.tags.team = "z";
    expect(traceHolds(t, tags)).toBe(true);

    const threshold = clone(input);
    threshold.realms[0]!.config.alerts[0]!.threshold = 90;
    expect(traceHolds(t, threshold)).toBe(false);

    const added = clone(input);
    added.realms[1]!.config.alerts.push({ id: "disk", threshold: 10 });
    expect(traceHolds(t, added)).toBe(false);

    const another = clone(input);
    another.realms.push({ id: "ap1", config: { tier: "dev", tags: { team: "c" }, alerts: [] } });
    expect(traceHolds(t, another)).toBe(false);

    const typed = clone(input) as unknown as { realms: { config: { alerts: { threshold: unknown }[] } }[] };
    typed.realms[0]!.config.alerts[0]!.threshold = "80";
    expect(traceHolds(t, typed)).toBe(false);
  });

  test("key lists, presence, Sets and calls are part of the trace", () => {
    const input = {
      dict: { a: 1 } as Record<string, number>,
      set: new Set(["database", "cluster"]),
      lookup: (id: string) => (id === "us2" ? { region: "us-east-1" } : undefined),
    };
    const { proxy, trace } = traceReads(input);
    expect(Object.keys(proxy.dict)).toEqual(["a"]);
    expect("b" in proxy.dict).toBe(false);
    expect(proxy.set.has("cluster")).toBe(true);
    expect(proxy.lookup("us2")).toEqual({ region: "us-east-1" });
    const t = trace()!;
    expect(traceHolds(t, input)).toBe(true);
    expect(traceHolds(t, { ...input, dict: { a: 1, c: 2 } })).toBe(false);
    expect(traceHolds(t, { ...input, dict: Object.assign({ b: 0 }, { a: 1 }) })).toBe(false);
    expect(traceHolds(t, { ...input, set: new Set(["database"]) })).toBe(false);
    expect(traceHolds(t, { ...input, lookup: () => ({ region: "eu-west-1" }) })).toBe(false);
  });

  test("what a trace cannot state leaves no trace: writes, class instances, object arguments", () => {
    const write = traceReads({ a: { b: 1 } });
    write.proxy.a.b = 2;
    expect(write.trace()).toBeUndefined();

    class Opaque {
      constructor(readonly x: number) {}
    }
    const instance = traceReads({ o: new Opaque(1) });
    expect(instance.proxy.o.x).toBe(1);
    expect(instance.trace()).toBeUndefined();

    const call = traceReads({ f: (o: object) => Object.keys(o).length });
    expect(call.proxy.f({ a: 1 })).toBe(1);
    expect(call.trace()).toBeUndefined();
  });

  test("property: any JSON value reads back the same through the proxy, and its trace holds for itself and fails for a changed read", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string(), (value, replacement) => {
        const root = { value };
        const { proxy, trace } = traceReads(root);
        expect(JSON.stringify(proxy)).toBe(JSON.stringify(root));
        const t = trace()!;
        expect(traceHolds(t, clone(root))).toBe(true);
        // JSON.stringify read every leaf: changing any one fails the trace.
        const leafPaths: (string | number)[][] = [];
        const walk = (v: unknown, path: (string | number)[]) => {
          if (v !== null && typeof v === "object")
            for (const [k, x] of Object.entries(v)) walk(x, [...path, Array.isArray(v) ? Number(k) : k]);
          else leafPaths.push(path);
        };
        walk(root, []);
        const changed = clone(root) as Record<string | number, unknown>;
        const path = leafPaths[leafPaths.length - 1];
        if (!path) {
          // An empty object or array at the root: JSON.stringify read its keys, a new key fails the trace.
          if (Array.isArray(changed.value)) changed.value.push(replacement);
          else (changed.value as Record<string, unknown>).added = replacement;
          expect(traceHolds(t, changed)).toBe(false);
          return;
        }
        let at: Record<string | number, unknown> = changed;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
        const last = path[path.length - 1]!;
        const next = at[last] === replacement ? `${replacement}!` : replacement;
        at[last] = next;
        expect(traceHolds(t, changed)).toBe(false);
      }),
      { numRuns: 200, examples: [[{ "": -0 }, ""]] },
    );
  });
});
