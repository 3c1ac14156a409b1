import type { CloudTarget, RealmModel } from "../model/realm-model";
import { normaliserFor } from "./normalize";
import { stackResources, type StackDocument } from "./stacks";

type Json = Record<string, unknown>;

export interface AttributeDifference {
  /** `resource.aws_db_instance.database_postgres_instance` (normalised key) plus the attribute path. */
  readonly address: string;
  readonly attribute: string;
  readonly a?: unknown;
  readonly b?: unknown;
}

export interface TypeCount {
  readonly type: string;
  readonly a: number;
  readonly b: number;
}

/** Structural difference of two stacks of one cloud, after realm-specific values are normalised away. */
export interface SameCloudDiff {
  readonly mode: "same-cloud";
  readonly provider: string;
  readonly stacks: { readonly a: string; readonly b: string };
  readonly types: readonly TypeCount[];
  readonly onlyInA: readonly string[];
  readonly onlyInB: readonly string[];
  readonly attributes: readonly AttributeDifference[];
}

export interface ComponentSide {
  readonly resources: number;
  readonly types: Readonly<Record<string, number>>;
}

/** Two stacks on different clouds: resource types cannot match, components can. */
export interface CrossCloudDiff {
  readonly mode: "per-component";
  readonly providers: { readonly a: string; readonly b: string };
  readonly stacks: { readonly a: string; readonly b: string };
  readonly components: readonly { readonly component: string; readonly a?: ComponentSide; readonly b?: ComponentSide }[];
}

export type StackDiff = SameCloudDiff | CrossCloudDiff;

/** Resources, outputs and provider settings of a stack by normalised address. */
function addressed(realm: RealmModel, target: CloudTarget, doc: StackDocument): Map<string, unknown> {
  const norm = normaliserFor(realm, target);
  const out = new Map<string, unknown>();
  for (const [type, byKey] of Object.entries(stackResources(doc))) {
    for (const [key, body] of Object.entries(byKey)) out.set(`resource.${type}.${norm.string(key)}`, norm.value(body));
  }
  for (const [type, byKey] of Object.entries((doc.json.data ?? {}) as Record<string, Json>)) {
    for (const [key, body] of Object.entries(byKey)) out.set(`data.${type}.${norm.string(key)}`, norm.value(body));
  }
  for (const [name, body] of Object.entries((doc.json.output ?? {}) as Json)) out.set(`output.${norm.string(name)}`, norm.value(body));
  for (const [name, body] of Object.entries((doc.json.provider ?? {}) as Json)) out.set(`provider.${name}`, norm.value(body));
  const terraform = (doc.json.terraform ?? {}) as Json;
  for (const [name, body] of Object.entries(terraform)) out.set(`terraform.${name}`, norm.value(body));
  return out;
}

/** Leaf-level differences between two normalised bodies: `tags.tier`, `[0].region`. */
function attributeDiffs(a: unknown, b: unknown, path: string, out: { attribute: string; a?: unknown; b?: unknown }[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const isObj = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      attributeDiffs(Object.hasOwn(a, k) ? a[k] : undefined, Object.hasOwn(b, k) ? b[k] : undefined, path ? `${path}.${k}` : k, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => attributeDiffs(x, b[i], `${path}[${i}]`, out));
    return;
  }
  out.push({ attribute: path || "(whole)", ...(a !== undefined ? { a } : {}), ...(b !== undefined ? { b } : {}) });
}

export function sameCloudDiff(
  ra: RealmModel,
  ta: CloudTarget,
  da: StackDocument,
  rb: RealmModel,
  tb: CloudTarget,
  db: StackDocument,
): SameCloudDiff {
  const xa = addressed(ra, ta, da);
  const xb = addressed(rb, tb, db);
  const count = (m: Map<string, unknown>) => {
    const c = new Map<string, number>();
    for (const k of m.keys()) if (k.startsWith("resource.")) c.set(k.split(".")[1]!, (c.get(k.split(".")[1]!) ?? 0) + 1);
    return c;
  };
  const ca = count(xa);
  const cb = count(xb);
  const types = [...new Set([...ca.keys(), ...cb.keys()])]
    .sort()
    .map((type) => ({ type, a: ca.get(type) ?? 0, b: cb.get(type) ?? 0 }))
    .filter((t) => t.a !== t.b);
  const attributes: AttributeDifference[] = [];
  for (const [address, body] of xa) {
    if (!xb.has(address)) continue;
    const found: { attribute: string; a?: unknown; b?: unknown }[] = [];
    attributeDiffs(body, xb.get(address), "", found);
    attributes.push(...found.map((f) => ({ address, ...f })));
  }
  return {
    mode: "same-cloud",
    provider: ta.provider,
    stacks: { a: ta.stackId, b: tb.stackId },
    types,
    onlyInA: [...xa.keys()].filter((k) => !xb.has(k)).sort(),
    onlyInB: [...xb.keys()].filter((k) => !xa.has(k)).sort(),
    attributes,
  };
}

/** Resource keys start with the component's construct id (`database_postgres_instance_…`). */
function byComponent(doc: StackDocument): Map<string, ComponentSide> {
  const out = new Map<string, { resources: number; types: Record<string, number> }>();
  for (const [type, byKey] of Object.entries(stackResources(doc))) {
    for (const key of Object.keys(byKey)) {
      const component = key.split("_")[0]!;
      const side = out.get(component) ?? { resources: 0, types: Object.create(null) as Record<string, number> };
      side.resources++;
      side.types[type] = (side.types[type] ?? 0) + 1;
      out.set(component, side);
    }
  }
  return out;
}

export function crossCloudDiff(ta: CloudTarget, da: StackDocument, tb: CloudTarget, db: StackDocument): CrossCloudDiff {
  const ca = byComponent(da);
  const cb = byComponent(db);
  const plain = (s: ComponentSide | undefined) =>
    s && { resources: s.resources, types: Object.fromEntries(Object.entries(s.types).sort()) };
  return {
    mode: "per-component",
    providers: { a: ta.provider, b: tb.provider },
    stacks: { a: ta.stackId, b: tb.stackId },
    components: [...new Set([...ca.keys(), ...cb.keys()])].sort().map((component) => ({
      component,
      ...(ca.has(component) ? { a: plain(ca.get(component)) } : {}),
      ...(cb.has(component) ? { b: plain(cb.get(component)) } : {}),
    })),
  };
}
