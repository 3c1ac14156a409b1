import { RealmkitError, type SourceLocation } from "./errors";
import { didYouMean } from "./suggest";
import type { ResolvedRealm } from "./load";
import { locate } from "./merge";
import { childPointer, dottedToPointer, isWithin, pointerToDotted, valueAt, type Pointer } from "./pointer";

/** One resolved value and the file:line that set it. */
export interface ExplainedValue {
  readonly path: string;
  readonly value: unknown;
  readonly source?: SourceLocation;
  /** True when a layer removed the key with `null`. */
  readonly removed?: boolean;
  /**
   * Set when a more specific file chose the other alternative of an either/or section (an
   * external database over a managed one): `value` and `source` are the dropped value and where
   * it had been set; `by` is the key that dropped it and `at` where that key is written.
   */
  readonly dropped?: { readonly by: string; readonly at?: SourceLocation };
}

const isLeaf = (v: unknown): boolean =>
  v === null || typeof v !== "object" || (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object"));

/** Every dotted path of a value, maps and lists included: what `explain` accepts, for did-you-mean. */
function pathsOf(value: unknown, pointer: Pointer = "", out: string[] = []): string[] {
  if (pointer !== "") out.push(pointerToDotted(pointer));
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((x, i) => [String(i), x] as const) : Object.entries(value as object);
    for (const [k, child] of entries) pathsOf(child, childPointer(pointer, k), out);
  }
  return out;
}

/**
 * The values of a realm at and below `dotted` (the whole realm when omitted), each with its
 * origin. Lists of scalars are one value (lists replace whole); lists of maps are walked.
 */
export function explain(realm: ResolvedRealm, dotted = ""): ExplainedValue[] {
  const root: Pointer = dottedToPointer(dotted);
  const value = valueAt(realm.config, root);
  if (value === undefined && !realm.removed.has(root) && !realm.dropped.has(root)) {
    throw new RealmkitError("RK-CLI-UNKNOWN-PATH", `no value at \`${dotted}\`.${didYouMean(dotted, pathsOf(realm.config))}`, {
      value: dotted,
      realm: realm.id,
      fix: `run \`realmkit explain ${realm.id}\` to see every path it has`,
    });
  }
  const out: ExplainedValue[] = [];
  const walk = (pointer: Pointer, v: unknown): void => {
    if (isLeaf(v)) {
      out.push({ path: pointerToDotted(pointer), value: v, source: locate(realm.provenance, pointer) });
      return;
    }
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as object);
    for (const [k, child] of entries) walk(childPointer(pointer, k), child);
  };
  if (value !== undefined) walk(root, value);
  for (const p of realm.removed) {
    if (isWithin(p, root)) out.push({ path: pointerToDotted(p), value: null, source: realm.provenance.get(p), removed: true });
  }
  for (const [p, d] of realm.dropped) {
    if (isWithin(p, root))
      out.push({ path: pointerToDotted(p), value: d.value, source: d.was, dropped: { by: pointerToDotted(d.by), at: d.at } });
  }
  return out;
}
