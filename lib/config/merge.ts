import { alternativesAt, chosenAlternative } from "./alternatives";
import type { SourceLocation } from "./errors";
import { childPointer, isWithin, type Pointer } from "./pointer";
import type { SourcedDocument } from "./yaml";

/** A configuration being built up layer by layer, with the origin of every value. */
export interface Layered {
  readonly value: Record<string, unknown>;
  /** Where each value (by pointer) was last set; a `null` that removed a key is kept here too. */
  readonly provenance: Map<Pointer, SourceLocation>;
  /** Pointers removed by a `null` in a later layer (for `explain`). */
  readonly removed: Set<Pointer>;
  /** Inherited keys dropped because a later file chose the other alternative of an either/or section. */
  readonly dropped: Map<Pointer, DroppedValue>;
}

/** A value a later file's choice of alternative dropped (e.g. a managed database's `size`). */
export interface DroppedValue {
  readonly value: unknown;
  /** Where the dropped value had been set. */
  readonly was?: SourceLocation;
  /** The key of the later file that chose the other alternative, e.g. `database.external`. */
  readonly by: Pointer;
  readonly at?: SourceLocation;
}

export function emptyLayered(): Layered {
  return { value: Object.create(null), provenance: new Map(), removed: new Set(), dropped: new Map() };
}

/**
 * A deep copy that keeps maps null-prototype (structuredClone would give them
 * Object.prototype back): a key named `__proto__` stays an ordinary key in every layer.
 */
function cloneData<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneData) as T;
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, x] of Object.entries(v)) out[k] = cloneData(x);
  return out as T;
}

const isPlainMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Applies one document on top of the layered result: maps merge deeply, lists and scalars
 * replace, and `null` removes the key (so `cluster: null` means "no cluster"). A map tagged
 * `!replace` replaces the inherited map whole.
 */
export function applyLayer(base: Layered, doc: SourcedDocument): Layered {
  const value = cloneData(base.value);
  const provenance = new Map(base.provenance);
  const removed = new Set(base.removed);
  const dropped = new Map(base.dropped);

  const forget = (pointer: Pointer): void => {
    for (const p of [...provenance.keys()]) if (isWithin(p, pointer)) provenance.delete(p);
    for (const p of [...removed]) if (isWithin(p, pointer)) removed.delete(p);
    for (const p of [...dropped.keys()]) if (isWithin(p, pointer)) dropped.delete(p);
  };
  // A file that picks one alternative of an either/or section drops the inherited keys of the other.
  const dropOtherAlternative = (target: Record<string, unknown>, incoming: Record<string, unknown>, pointer: Pointer): void => {
    const alternatives = alternativesAt(pointer);
    const chosen = alternatives && chosenAlternative(alternatives, Object.keys(incoming));
    if (!chosen) return;
    const by = childPointer(pointer, Object.keys(incoming).find((k) => chosen.keys.has(k))!);
    for (const key of Object.keys(target)) {
      if (chosen.keys.has(key)) continue;
      const child = childPointer(pointer, key);
      const info: DroppedValue = { value: target[key], was: provenance.get(child), by, at: doc.locations.get(by) };
      delete target[key];
      forget(child);
      dropped.set(child, info);
    }
  };
  const adopt = (pointer: Pointer): void => {
    for (const [p, loc] of doc.locations) if (isWithin(p, pointer)) provenance.set(p, loc);
  };

  const merge = (target: Record<string, unknown>, source: Record<string, unknown>, pointer: Pointer): void => {
    for (const [key, incoming] of Object.entries(source)) {
      const child = childPointer(pointer, key);
      if (incoming === null) {
        delete target[key];
        forget(child);
        removed.add(child);
        const loc = doc.locations.get(child);
        if (loc) provenance.set(child, loc);
      } else if (isPlainMap(incoming) && Object.hasOwn(target, key) && isPlainMap(target[key]) && !doc.replaces.has(child)) {
        removed.delete(child);
        const loc = doc.locations.get(child);
        if (loc && !provenance.has(child)) provenance.set(child, loc);
        dropOtherAlternative(target[key] as Record<string, unknown>, incoming, child);
        merge(target[key] as Record<string, unknown>, incoming, child);
      } else {
        forget(child);
        target[key] = cloneData(incoming);
        adopt(child);
      }
    }
  };
  merge(value, doc.value, "");
  return { value, provenance, removed, dropped };
}

/** The location that set `pointer`, or the nearest enclosing value's location. */
export function locate(provenance: ReadonlyMap<Pointer, SourceLocation>, pointer: Pointer): SourceLocation | undefined {
  let p = pointer;
  for (;;) {
    const loc = provenance.get(p);
    if (loc) return loc;
    if (p === "") return undefined;
    p = p.slice(0, p.lastIndexOf("/"));
  }
}
