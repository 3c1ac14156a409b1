import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { formatLocation, RealmkitError, type SourceLocation } from "./errors";
import { childPointer, pointerToDotted, type Pointer } from "./pointer";
import { readInventoryFile } from "./safe-read";

/** A parsed YAML file: its plain value and where each value was written. */
export interface SourcedDocument {
  readonly file: string;
  /** Null-prototype objects all the way down: user keys never reach an object prototype. */
  readonly value: Record<string, unknown>;
  /** Location of every map key and list item, by pointer; `""` is the document itself. */
  readonly locations: ReadonlyMap<Pointer, SourceLocation>;
  /** Maps tagged `!replace`: they replace the inherited map instead of merging into it. */
  readonly replaces: ReadonlySet<Pointer>;
}

export const REPLACE_TAG = "!replace";

/**
 * Values a file may expand to, aliases included. A realm file holds a few hundred; the cap
 * stops "billion laughs" alias bombs long before they cost memory.
 */
export const MAX_YAML_NODES = 100_000;

/** Reads an inventory file (see readInventoryFile for what is refused) and parses it. */
export function readYamlFile(file: string, root?: string): SourcedDocument {
  return parseYaml(readInventoryFile(file, root), file);
}

/**
 * Parses YAML keeping source positions. The value is built from the syntax tree here, not by
 * `toJS`, so that every problem (an alias without its anchor, an alias bomb, a key that is not
 * a scalar, two keys that mean the same string, a value YAML types beyond JSON) is a
 * RealmkitError at its line, and every map is a null-prototype object.
 */
export function parseYaml(text: string, file: string): SourcedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, customTags: [replaceTag] });
  const at = (offset: number | undefined): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { file, line, col };
  };
  const fail = (code: string, message: string, node: { range?: readonly number[] | null } | null | undefined, fix: string): never => {
    throw new RealmkitError(code, message, { location: at(node?.range?.[0]), fix });
  };

  const problem = doc.errors[0];
  if (problem) {
    throw new RealmkitError("RK-CONFIG-YAML", `malformed YAML: ${firstLine(problem.message)}`, {
      location: at(problem.pos[0]),
      fix: "fix the YAML syntax at this position (indentation, quotes, a missing ':' or duplicate key)",
    });
  }
  const tagProblem = doc.warnings.find((w) => w.code === "TAG_RESOLVE_FAILED");
  if (tagProblem) {
    throw new RealmkitError("RK-CONFIG-YAML", `unknown YAML tag: ${firstLine(tagProblem.message)}`, {
      location: at(tagProblem.pos[0]),
      fix: `remove the tag; the only tag Realmkit reads is ${REPLACE_TAG}`,
    });
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new RealmkitError("RK-CONFIG-EMPTY", "the file is empty", {
      location: { file, line: 1, col: 1 },
      fix: "add the realm's keys (see README 'Writing a realm file') or delete the file",
    });
  }
  if (!isMap(doc.contents)) {
    throw new RealmkitError("RK-CONFIG-NOT-A-MAP", "the file must hold a mapping of keys to values", {
      location: at(doc.contents.range?.[0]),
      fix: "write `key: value` lines at the top level, starting with `realm: <id>`",
    });
  }

  const locations = new Map<Pointer, SourceLocation>();
  const replaces = new Set<Pointer>();
  locations.set("", { file, line: 1, col: 1 });
  let budget = MAX_YAML_NODES;

  const build = (node: unknown, pointer: Pointer, via: readonly Node[]): unknown => {
    if (--budget < 0) {
      fail(
        "RK-CONFIG-YAML",
        `the file expands to more than ${MAX_YAML_NODES} values (aliases nested in aliases?)`,
        node as Node,
        "write the values out instead of nesting aliases",
      );
    }
    if (isAlias(node)) {
      const target = node.resolve(doc as Document) as Node | undefined;
      if (!target) {
        fail(
          "RK-CONFIG-YAML",
          `alias \`*${node.source}\` has no anchor \`&${node.source}\` before it`,
          node,
          `define \`&${node.source}\` on a value above this line, or write the value here`,
        );
      }
      if (via.includes(target!))
        fail(
          "RK-CONFIG-YAML",
          `alias \`*${node.source}\` refers to a value that contains it`,
          node,
          "an alias cannot point at its own enclosing value",
        );
      return build(target, pointer, [...via, target!]);
    }
    const tagged = node as Node;
    if (tagged?.tag === REPLACE_TAG) replaces.add(pointer);
    if (isMap(node)) {
      const out: Record<string, unknown> = Object.create(null);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = scalarKey(keyNode, fail);
        const child = childPointer(pointer, key);
        if (Object.hasOwn(out, key)) {
          fail(
            "RK-CONFIG-DUPLICATE-KEY",
            `key \`${key}\` appears twice in ${pointer === "" ? "the file's top level" : `\`${pointerToDotted(pointer)}\``}`,
            keyNode,
            `keep one \`${key}:\` line (the first is at ${formatLocation(locations.get(child) ?? at(0))})`,
          );
        }
        if (keyNode?.range) locations.set(child, at(keyNode.range[0]));
        out[key] = build(pair.value, child, via);
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item, index) => {
        const child = childPointer(pointer, index);
        const range = (item as Node | null)?.range;
        if (range) locations.set(child, at(range[0]));
        return build(item, child, via);
      });
    }
    if (node === null || node === undefined) return null;
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || typeof v === "string" || typeof v === "boolean") return v;
      if (typeof v === "number") {
        if (!Number.isFinite(v)) fail("RK-CONFIG-YAML", `\`${node.source}\` is not a finite number`, node, "write a plain number");
        return v;
      }
      fail(
        "RK-CONFIG-YAML",
        `a YAML value of type ${v?.constructor?.name ?? typeof v} is not allowed here`,
        node,
        "write a string, number, true/false, a list or a map",
      );
    }
    return fail("RK-CONFIG-YAML", "unsupported YAML node", node as Node, "write a string, number, true/false, a list or a map");
  };

  const value = build(doc.contents, "", []) as Record<string, unknown>;
  return { file, value, locations, replaces };
}

/** Keys are strings: `1:` and `"1":` are the same key; a list or map as key is refused. */
function scalarKey(node: Node | null, fail: (code: string, message: string, node: Node | null, fix: string) => never): string {
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  }
  if (isAlias(node)) return fail("RK-CONFIG-YAML", "an alias cannot be used as a key", node, "write the key out");
  return fail("RK-CONFIG-YAML", "a key must be a plain word, not a list or a map", node, "write `name: value`");
}

// `!replace` marks a map that replaces what layers below set, e.g. an external database
// replacing the managed one from _defaults.yaml. The value itself is an ordinary map.
const replaceTag = { tag: REPLACE_TAG, collection: "map" as const, resolve: (map: unknown) => map };

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
