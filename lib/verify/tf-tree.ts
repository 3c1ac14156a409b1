import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";

/**
 * Terraform JSON as HCL reads it: objects keep every property in order, duplicates included,
 * because a repeated key is a second block to Terraform, not an overwrite as in `JSON.parse`.
 */
export type TfNode =
  | { readonly kind: "object"; readonly entries: ReadonlyArray<readonly [string, TfNode]> }
  | { readonly kind: "array"; readonly items: readonly TfNode[] }
  | { readonly kind: "scalar"; readonly value: string | number | boolean | null };

/** cdktf's metadata key (`"//"`): a comment to Terraform, so the tree leaves it out. */
const COMMENT_KEY = "//";

export type TreeResult = { readonly tree: TfNode } | { readonly error: string };

/** Reads Terraform JSON text, keeping duplicate keys; strict JSON (no comments, no trailing commas). */
export function treeFromText(text: string): TreeResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const where = first ? ` at offset ${first.offset}` : "";
    return { error: `not valid JSON${where}${first ? `: ${printParseErrorCode(first.error)}` : ""}` };
  }
  return { tree: fromJsonc(root) };
}

/** The same tree for an already parsed value (which can no longer hold duplicate keys). */
export function treeFromValue(value: unknown): TfNode {
  if (Array.isArray(value)) return { kind: "array", items: value.map(treeFromValue) };
  if (value !== null && typeof value === "object") {
    const entries: Array<readonly [string, TfNode]> = [];
    for (const key of Object.keys(value))
      if (key !== COMMENT_KEY) entries.push([key, treeFromValue((value as Record<string, unknown>)[key])]);
    return { kind: "object", entries };
  }
  return { kind: "scalar", value: value as string | number | boolean | null };
}

function fromJsonc(node: Node): TfNode {
  switch (node.type) {
    case "object":
      return {
        kind: "object",
        entries: (node.children ?? [])
          .filter((prop) => prop.children![0]!.value !== COMMENT_KEY)
          .map((prop) => [String(prop.children![0]!.value), fromJsonc(prop.children![1]!)] as const),
      };
    case "array":
      return { kind: "array", items: (node.children ?? []).map(fromJsonc) };
    default:
      return { kind: "scalar", value: node.value as string | number | boolean | null };
  }
}

/**
 * The properties of a block body. HCL's JSON syntax also accepts an array of objects wherever
 * an object of blocks may stand; their properties count as if written in one object.
 */
export function entriesOf(node: TfNode | undefined): ReadonlyArray<readonly [string, TfNode]> {
  if (!node) return [];
  if (node.kind === "object") return node.entries;
  if (node.kind === "array") return node.items.flatMap((item) => (item.kind === "object" ? entriesOf(item) : []));
  return [];
}

/** The value of an argument (the last one when repeated, as Terraform would reject the repeat anyway). */
export function attr(node: TfNode | undefined, key: string): TfNode | undefined {
  const entries = entriesOf(node);
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]![0] === key) return entries[i]![1];
  return undefined;
}

export function scalarString(node: TfNode | undefined): string | undefined {
  return node?.kind === "scalar" && typeof node.value === "string" ? node.value : undefined;
}

/** Null, "", {}, [], or a collection holding only empty values. */
export function isEmpty(node: TfNode | undefined): boolean {
  if (!node) return true;
  if (node.kind === "scalar") return node.value === null || node.value === "";
  if (node.kind === "array") return node.items.every(isEmpty);
  return entriesOf(node).every(([, v]) => isEmpty(v));
}
