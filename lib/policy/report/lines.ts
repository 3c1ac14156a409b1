import { readFileSync } from "node:fs";

/** Line of a resource inside a stack file, for SARIF regions; `undefined` when not found. */
export type LineFinder = (file: string, address: string) => number | undefined;

/**
 * Finds where a resource starts in a `cdk.tf.json` (`"resource" > "<type>" > "<name>"`) or
 * in plan JSON (`"address": "<address>"`). Text search, no JSON position parser: cdktf and
 * terraform both pretty-print with one key per line.
 */
export function fileLineFinder(): LineFinder {
  const cache = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(file, "utf8").split("\n"));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
  return (file, address) => {
    const lines = linesOf(file);
    if (!lines) return undefined;
    const byAddress = lines.findIndex((l) => l.includes(`"address": ${JSON.stringify(address)}`));
    if (byAddress >= 0) return byAddress + 1;
    const parts = address.replace(/\[[^\]]*\]$/, "").split(".");
    const keys =
      parts[0] === "data"
        ? ['"data"', ...parts.slice(1).map((p) => JSON.stringify(p))]
        : ['"resource"', ...parts.map((p) => JSON.stringify(p))];
    if (keys.length !== 3) return undefined;
    let at = 0;
    for (const key of keys) {
      const found = lines.findIndex((l, i) => i >= at && l.trimStart().startsWith(`${key}:`));
      if (found < 0) return undefined;
      at = found;
    }
    return at + 1;
  };
}
