import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import schema from "../../lib/config/realm.schema.json";
import { FIXTURE_REALMS } from "../helpers/paths";

/**
 * Realm files for property-based tests: built from the schema's shapes, and mutated from the
 * sample realms (which are valid, so small mutations give both valid and invalid files).
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: Json[];
  const?: Json;
  examples?: Json[];
  minimum?: number;
  maximum?: number;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  $ref?: string;
  additionalProperties?: boolean | SchemaNode;
}

/** Strings an attacker or a careless user might type anywhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  '${file("/etc/passwd")}',
  "${path.cwd}",
  '${file("/proc/self/environ")}',
  "%{ if true }x%{ endif }",
  "$${escaped}",
  "%%{ escaped }",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "../../../../etc/passwd",
  "/dev/zero",
  "a\u0000b",
  "\u202eevil",
  "line\nbreak",
  "'; rm -rf / #",
  "$(touch /tmp/pwned)",
  "`id`",
  "<!-- secretlint-disable -->",
  "*",
  "",
  " ",
  "💥",
];

const definitions = (schema as unknown as { definitions?: Record<string, SchemaNode> }).definitions ?? {};

function resolve(node: SchemaNode): SchemaNode {
  if (node.$ref) return resolve(definitions[node.$ref.replace(/^#\/definitions\//, "")] ?? {});
  return node;
}

const anyLeaf: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 100000 }),
  fc.boolean(),
  fc.constant(null),
);

/** A value shaped by a schema node: usually of the right type and range, sometimes not (depth-bounded). */
export function fromSchema(node: SchemaNode, depth = 0): fc.Arbitrary<Json> {
  const n = resolve(node);
  const choices = [...(n.oneOf ?? []), ...(n.anyOf ?? [])];
  if (choices.length)
    return fc.oneof(...choices.map((c) => fromSchema({ ...n, oneOf: undefined, anyOf: undefined, ...resolve(c) }, depth)));
  if (n.allOf?.length) return fromSchema({ ...n, allOf: undefined, ...n.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b }), {}) }, depth);
  if (n.const !== undefined) return fc.constant(n.const as Json);
  if (n.enum) return fc.constantFrom(...n.enum);
  const type = Array.isArray(n.type) ? n.type[0] : n.type;
  const examples = n.examples?.length ? [fc.constantFrom(...n.examples)] : [];
  switch (type) {
    case "string":
      return fc.oneof(...examples, fc.string({ maxLength: 16 }), fc.constantFrom(...HOSTILE_STRINGS));
    case "integer":
    case "number":
      return fc.oneof(...examples, fc.integer({ min: n.minimum ?? -10, max: Math.min(n.maximum ?? 1000, 1_000_000) }));
    case "boolean":
      return fc.boolean();
    case "array":
      return depth > 4 ? fc.constant([]) : fc.array(n.items ? fromSchema(n.items, depth + 1) : anyLeaf, { maxLength: 3 });
    case "object": {
      if (depth > 4) return fc.constant({});
      const props = Object.entries(n.properties ?? {});
      const required = new Set(n.required ?? []);
      const entries = props.map(([k, v]) =>
        fc.option(
          fromSchema(v, depth + 1).map((value) => [k, value] as const),
          { freq: required.has(k) ? 8 : 2, nil: undefined },
        ),
      );
      const extra =
        typeof n.additionalProperties === "object"
          ? fc.dictionary(fc.constantFrom("a", "b", "x-1", "__proto__", "constructor"), fromSchema(n.additionalProperties, depth + 1), {
              maxKeys: 2,
            })
          : fc.constant({});
      return fc.tuple(fc.tuple(...entries), extra).map(([picked, more]) => {
        const out: Record<string, Json> = Object.create(null) as Record<string, Json>;
        for (const e of picked) if (e) out[e[0]] = e[1];
        for (const [k, v] of Object.entries(more as Record<string, Json>)) out[k] = v;
        return out;
      });
    }
    default:
      return examples[0] ?? anyLeaf;
  }
}

/** A realm document generated from the whole schema. */
export const schemaRealm: fc.Arbitrary<Json> = fromSchema(schema as unknown as SchemaNode);

/** The sample realms, parsed (`__tests__/fixtures/realms/*.yaml`). */
export const SAMPLES: ReadonlyArray<{ readonly id: string; readonly doc: Json }> = readdirSync(FIXTURE_REALMS)
  .filter((f) => f.endsWith(".yaml") && !f.startsWith("_"))
  .sort()
  .map((f) => ({ id: f.replace(/\.yaml$/, ""), doc: parse(readFileSync(join(FIXTURE_REALMS, f), "utf8")) as Json }));

type Path = (string | number)[];

function paths(doc: Json, at: Path = [], out: Path[] = []): Path[] {
  if (at.length) out.push(at);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...at, i], out));
  else if (doc !== null && typeof doc === "object") for (const k of Object.keys(doc)) paths(doc[k]!, [...at, k], out);
  return out;
}

function clone(doc: Json): Json {
  return JSON.parse(JSON.stringify(doc)) as Json;
}

function parentOf(doc: Json, path: Path): { parent: Json[] | Record<string, Json>; key: string | number } | undefined {
  let cur: Json = doc;
  for (const step of path.slice(0, -1)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, Json>)[step as string] ?? null;
  }
  if (cur === null || typeof cur !== "object") return undefined;
  return { parent: cur as Json[] | Record<string, Json>, key: path[path.length - 1]! };
}

/** One change to a document: drop a key, change a value's type, put a hostile or huge string, add a key. */
type Mutation = { kind: "drop" | "retype" | "hostile" | "huge" | "add-key" | "tag"; pick: number; value: Json; key: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("drop", "retype", "hostile", "huge", "add-key", "tag"),
  pick: fc.nat(),
  value: fc.oneof(anyLeaf, fc.array(anyLeaf, { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 4 }), anyLeaf, { maxKeys: 2 })),
  key: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== ""), "extra", "Region", "tags"),
}) as fc.Arbitrary<Mutation>;

function applyMutation(doc: Json, m: Mutation): Json {
  const out = clone(doc);
  if (m.kind === "tag") {
    // Benign: a new tag with an ordinary value; the realm usually stays valid.
    if (out && typeof out === "object" && !Array.isArray(out)) {
      const tags = (out.tags && typeof out.tags === "object" && !Array.isArray(out.tags) ? out.tags : {}) as Record<string, Json>;
      tags[`fuzz-${m.pick % 100}`] = typeof m.value === "string" && m.value.length > 0 ? m.value : "value";
      out.tags = tags;
    }
    return out;
  }
  const all = paths(out);
  const path = all[m.pick % Math.max(1, all.length)];
  const where = path && parentOf(out, path);
  if (!where) return out;
  const { parent, key } = where;
  const set = (v: Json) => {
    (parent as Record<string, Json>)[key as string] = v;
  };
  switch (m.kind) {
    case "drop":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case "retype":
      set(m.value);
      break;
    case "hostile":
      set(HOSTILE_STRINGS[m.pick % HOSTILE_STRINGS.length]!);
      break;
    case "huge":
      set("x".repeat(10_000 + (m.pick % 50_000)));
      break;
    case "add-key": {
      const target = Array.isArray(parent) ? undefined : (parent[key as string] ?? null);
      if (target && typeof target === "object" && !Array.isArray(target)) (target as Record<string, Json>)[m.key] = m.value;
      else set({ [m.key]: m.value });
      break;
    }
  }
  return out;
}

/** Text-level changes YAML allows and objects cannot show: aliases, anchors, truncation, duplicate keys. */
type TextMutation =
  | "none"
  | "undefined-alias"
  | "alias-before-anchor"
  | "anchor-and-alias"
  | "truncate"
  | "duplicate-key"
  | "tab-indent"
  | "bom";
const textMutation = fc.constantFrom<TextMutation>(
  "none",
  "none",
  "none",
  "undefined-alias",
  "alias-before-anchor",
  "anchor-and-alias",
  "truncate",
  "duplicate-key",
  "tab-indent",
  "bom",
);

function applyText(text: string, m: TextMutation, pick: number): string {
  const lines = text.split("\n");
  const at = 1 + (pick % Math.max(1, lines.length - 1));
  switch (m) {
    case "undefined-alias":
      return `${text}\ntags: { a: *nowhere }\n`;
    case "alias-before-anchor":
      return `${text}\nx-a: *later\nx-b: &later v\n`;
    case "anchor-and-alias":
      return `${text}\ntags: &t { a: "1" }\nx-copy: *t\n`;
    case "truncate":
      return text.slice(0, pick % Math.max(1, text.length));
    case "duplicate-key":
      return `${lines.slice(0, at).join("\n")}\n${lines[0]}\n${lines.slice(at).join("\n")}`;
    case "tab-indent":
      return text.replace(/\n {2}/, "\n\t");
    case "bom":
      return `\uFEFF${text}`;
    default:
      return text;
  }
}

export interface RealmCase {
  readonly id: string;
  readonly text: string;
  readonly origin: string;
}

/** A realm file mutated from one sample: object mutations, then maybe a text mutation. */
export const mutatedSample: fc.Arbitrary<RealmCase> = fc
  .record({
    sample: fc.nat({ max: SAMPLES.length - 1 }),
    mutations: fc.array(mutation, { minLength: 0, maxLength: 3 }),
    text: textMutation,
    pick: fc.nat(),
  })
  .map(({ sample, mutations, text, pick }) => {
    const { id, doc } = SAMPLES[sample]!;
    const changed = mutations.reduce(applyMutation, doc);
    return {
      id,
      text: applyText(stringify(changed), text, pick),
      origin: `${id} + ${mutations.map((m) => m.kind).join(",") || "-"} + ${text}`,
    };
  });

/** A realm file generated from the schema, named for its `realm` when that is a usable id. */
export const generatedRealm: fc.Arbitrary<RealmCase> = schemaRealm.map((doc) => {
  const named =
    doc && typeof doc === "object" && !Array.isArray(doc) && typeof doc.realm === "string" && /^[a-z][a-z0-9-]{0,30}$/.test(doc.realm)
      ? doc.realm
      : "gen1";
  return { id: named, text: stringify(doc), origin: "schema" };
});

/** Mutations that keep a sample valid: added tags with ordinary values. */
export const validishSample: fc.Arbitrary<RealmCase> = fc
  .record({ sample: fc.nat({ max: SAMPLES.length - 1 }), tag: fc.stringMatching(/^[a-z][a-z0-9 .:/=+@-]{0,20}$/), n: fc.nat() })
  .map(({ sample, tag, n }) => {
    const { id, doc } = SAMPLES[sample]!;
    return { id, text: stringify(applyMutation(doc, { kind: "tag", pick: n, value: tag, key: "" })), origin: `${id} + tag` };
  });
