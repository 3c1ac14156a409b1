import { stringify } from "yaml";
import { RealmkitError, type SourceLocation } from "../config/errors";
import type { RuntimeDocument } from "./document";

export const RUNTIME_FORMATS = ["json", "yaml", "env"] as const;
export type RuntimeFormat = (typeof RUNTIME_FORMATS)[number];

/** The document as text in one of the formats `realmkit config` prints. */
export function formatRuntimeDocument(
  document: RuntimeDocument,
  format: RuntimeFormat,
  locate?: (path: string) => SourceLocation | undefined,
): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(document, null, 2)}\n`;
    case "yaml":
      return stringify(document);
    case "env":
      return toEnv(document, locate);
  }
}

/**
 * `IBC_<PATH>='value'` lines, one per leaf, lists as JSON. Values are single-quoted with `'`
 * escaped the POSIX way, so sourcing the file in a shell never runs anything a realm file holds.
 */
export function toEnv(document: RuntimeDocument, locate?: (path: string) => SourceLocation | undefined): string {
  const lines = new Map<string, string>();
  const walk = (value: unknown, path: string[]): void => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) if (key !== "$schema") walk(child, [...path, key]);
      return;
    }
    const name = `IBC_${path
      .map((p) =>
        p
          .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
          .replace(/[^A-Za-z0-9]/g, "_")
          .toUpperCase(),
      )
      .join("_")}`;
    const text = typeof value === "string" ? value : JSON.stringify(value);
    const clash = lines.get(name);
    if (clash !== undefined) {
      throw new RealmkitError("RK-RUNTIME-ENV-CLASH", `two values of the runtime configuration map to the variable ${name}`, {
        realm: document.realm,
        value: path.join("."),
        location: locate?.(path.join(".")),
        fix: "rename one of the settings so they differ in more than case and punctuation, or use --format json",
      });
    }
    lines.set(name, `${name}='${text.replace(/'/g, `'\\''`)}'`);
  };
  walk(document, []);
  return `${[...lines.values()].join("\n")}\n`;
}
