import { formatLocation, type SourceLocation } from "../config/errors";
import { locate } from "../config/merge";
import { childPointer, pointerSegments, pointerToDotted, type Pointer } from "../config/pointer";
import type { RealmModel } from "../model/realm-model";

/** One side of a differing path: the value (absent when unset) and the line that decided it. */
export interface ConfigSide {
  readonly value?: unknown;
  /** file:line:col that set the value, or that removed/replaced what would have held it. */
  readonly at?: string;
}

export interface ConfigDifference {
  readonly path: string;
  readonly a: ConfigSide;
  readonly b: ConfigSide;
  /** Values every realm has its own of (id, network, accounts, DNS zone): expected to differ. */
  readonly realmSpecific: boolean;
}

const REALM_SPECIFIC = [
  /^\/realm$/,
  /^\/network\/cidr$/,
  /^\/dns\/zone$/,
  /^\/clouds\/\d+\/(account|deployIdentity|projectNumber|tenant|workloadIdentityProvider)$/,
];

/** Leaves of a config by JSON pointer; list elements are leaves of their own, empty containers too. */
export function leaves(value: unknown, pointer: Pointer = "", out = new Map<Pointer, unknown>()): Map<Pointer, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(pointer, []);
    value.forEach((v, i) => leaves(v, childPointer(pointer, i), out));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && pointer !== "") out.set(pointer, {});
    for (const [k, v] of entries) leaves(v, childPointer(pointer, k), out);
  } else {
    out.set(pointer, value);
  }
  return out;
}

const where = (loc: SourceLocation | undefined): string | undefined => (loc ? formatLocation(loc) : undefined);

/** Every path whose effective value differs between two realms, with the line behind each side. */
export function configDiff(a: RealmModel, b: RealmModel): ConfigDifference[] {
  const la = leaves(a.config);
  const lb = leaves(b.config);
  const paths = [...new Set([...la.keys(), ...lb.keys()])].sort(comparePointers);
  const out: ConfigDifference[] = [];
  const emitted = new Set<Pointer>();
  for (const leaf of paths) {
    if (la.has(leaf) && lb.has(leaf) && JSON.stringify(la.get(leaf)) === JSON.stringify(lb.get(leaf))) continue;
    // A list item or map one realm lacks entirely is one difference, not one per field.
    const p = missingAncestor(a.config, b.config, leaf) ?? leaf;
    if (emitted.has(p)) continue;
    emitted.add(p);
    const va = p === leaf ? la.get(p) : valueAt(a.config, p);
    const vb = p === leaf ? lb.get(p) : valueAt(b.config, p);
    const hasA = p === leaf ? la.has(p) : va !== undefined;
    const hasB = p === leaf ? lb.has(p) : vb !== undefined;
    out.push({
      path: pointerToDotted(p),
      a: {
        ...(hasA ? { value: va } : {}),
        ...(where(locate(a.resolved.provenance, p)) ? { at: where(locate(a.resolved.provenance, p)) } : {}),
      },
      b: {
        ...(hasB ? { value: vb } : {}),
        ...(where(locate(b.resolved.provenance, p)) ? { at: where(locate(b.resolved.provenance, p)) } : {}),
      },
      realmSpecific: REALM_SPECIFIC.some((re) => re.test(p)),
    });
  }
  return out;
}

/** The value at `pointer` through own properties only: a key such as `constructor` is data. */
function valueAt(root: unknown, pointer: Pointer): unknown {
  let node: unknown = root;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** The outermost ancestor of `leaf` that one config has and the other lacks. */
function missingAncestor(a: unknown, b: unknown, leaf: Pointer): Pointer | undefined {
  const segments = pointerSegments(leaf);
  let p: Pointer = "";
  for (let i = 0; i < segments.length - 1; i++) {
    p = childPointer(p, segments[i]!);
    if ((valueAt(a, p) === undefined) !== (valueAt(b, p) === undefined)) return p;
  }
  return undefined;
}

/** Pointer order that keeps list indexes numeric (nodePools/2 before nodePools/10). */
function comparePointers(x: string, y: string): number {
  const sx = x.split("/");
  const sy = y.split("/");
  for (let i = 0; i < Math.min(sx.length, sy.length); i++) {
    if (sx[i] === sy[i]) continue;
    const nx = Number(sx[i]);
    const ny = Number(sy[i]);
    if (Number.isInteger(nx) && Number.isInteger(ny)) return nx - ny;
    return sx[i]! < sy[i]! ? -1 : 1;
  }
  return sx.length - sy.length;
}
