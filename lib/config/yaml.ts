import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { RealmkitError, type SourceLocation } from "./errors";
import { childPointer, type Pointer } from "./pointer";

/** A parsed YAML file: its plain value and where each value was written. */
export interface SourcedDocument {
  readonly file: string;
  readonly value: Record<string, unknown>;
  /** Location of every map key and list item, by pointer; `""` is the document itself. */
  readonly locations: ReadonlyMap<Pointer, SourceLocation>;
  /** Maps tagged `!replace`: they replace the inherited map instead of merging into it. */
  readonly replaces: ReadonlySet<Pointer>;
}

export const REPLACE_TAG = "!replace";

export function readYamlFile(file: string): SourcedDocument {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new RealmkitError("RK-CONFIG-READ", `cannot read ${file}: ${(err as Error).message}`, {
      location: { file, line: 1, col: 1 },
      fix: "check the path and file permissions",
    });
  }
  return parseYaml(text, file);
}

/**
 * Parses YAML keeping source positions. The `yaml` package gives us a CST with offsets and a
 * LineCounter to turn them into line:col, which is what every error message needs.
 */
export function parseYaml(text: string, file: string): SourcedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, customTags: [replaceTag] });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };

  const problem = doc.errors[0];
  if (problem) {
    throw new RealmkitError("RK-CONFIG-YAML", `malformed YAML: ${firstLine(problem.message)}`, {
      location: at(problem.pos[0]),
      fix: "fix the YAML syntax at this position (indentation, quotes, a missing ':' or duplicate key)",
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
      location: at(doc.contents.range?.[0] ?? 0),
      value: doc.contents.toJSON(),
      fix: "write `key: value` lines at the top level, starting with `realm: <id>`",
    });
  }

  const locations = new Map<Pointer, SourceLocation>();
  const replaces = new Set<Pointer>();
  locations.set("", { file, line: 1, col: 1 });
  const walk = (node: Node | null, pointer: Pointer): void => {
    if (node?.tag === REPLACE_TAG) replaces.add(pointer);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = childPointer(pointer, key);
        const range = (pair.key as Node | null)?.range;
        if (range) locations.set(child, at(range[0]));
        walk(pair.value as Node | null, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = childPointer(pointer, index);
        const range = (item as Node | null)?.range;
        if (range) locations.set(child, at(range[0]));
        walk(item as Node | null, child);
      });
    }
  };
  walk(doc.contents, "");

  return { file, value: doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>, locations, replaces };
}

// `!replace` marks a map that replaces what layers below set, e.g. an external database
// replacing the managed one from _defaults.yaml. The value itself is an ordinary map.
const replaceTag = { tag: REPLACE_TAG, collection: "map" as const, resolve: (map: unknown) => map };

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
