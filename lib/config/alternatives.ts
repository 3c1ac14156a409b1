import type { Pointer } from "./pointer";
import { childPointer } from "./pointer";
import schema from "./realm.schema.json";

/**
 * Either/or sections of the realm file, read from the schema: a section written as
 * `if/then/else` over two object definitions (a database is managed *or* external) has two
 * alternatives, each with its own keys. The merge uses them so that a more specific file that
 * picks one alternative drops the inherited keys of the other (no `!replace` needed).
 */
export interface Alternative {
  /** The schema definition's name, e.g. `externalDatabase`. */
  readonly name: string;
  readonly keys: ReadonlySet<string>;
}

type SchemaNode = { $ref?: string; properties?: Record<string, SchemaNode>; if?: unknown; then?: SchemaNode; else?: SchemaNode };
const definitions = (schema as { definitions: Record<string, SchemaNode> }).definitions;

function resolve(node: SchemaNode | undefined): { name: string; node: SchemaNode } | undefined {
  if (!node) return undefined;
  const ref = node.$ref?.match(/^#\/definitions\/(.+)$/)?.[1];
  if (ref) return definitions[ref] ? { name: ref, node: definitions[ref]! } : undefined;
  return { name: "", node };
}

function collect(node: SchemaNode, pointer: Pointer, out: Map<Pointer, readonly Alternative[]>): void {
  if (node.if !== undefined) {
    const options = [resolve(node.then), resolve(node.else)].filter((o) => o?.node.properties);
    if (options.length === 2) {
      out.set(
        pointer,
        options.map((o) => ({ name: o!.name, keys: new Set(Object.keys(o!.node.properties!)) })),
      );
    }
  }
  for (const [key, child] of Object.entries(node.properties ?? {})) collect(child, childPointer(pointer, key), out);
}

const table = new Map<Pointer, readonly Alternative[]>();
collect(schema as SchemaNode, "", table);

/** Alternatives of the section at `pointer` (fixed paths of the schema), if it is either/or. */
export function alternativesAt(pointer: Pointer): readonly Alternative[] | undefined {
  return table.get(pointer);
}

/**
 * The alternative a map written in one file picks: the one whose own keys (not shared with
 * the others) it uses. Undefined when it uses none, or keys of several (the schema reports that).
 */
export function chosenAlternative(alternatives: readonly Alternative[], keys: readonly string[]): Alternative | undefined {
  const own = (a: Alternative) => keys.some((k) => a.keys.has(k) && !alternatives.some((b) => b !== a && b.keys.has(k)));
  const chosen = alternatives.filter(own);
  return chosen.length === 1 ? chosen[0] : undefined;
}
