import { existsSync, lstatSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/**
 * The file Realmkit writes into every folder it creates for output. Its presence is the only
 * proof Realmkit accepts that a folder is its own and may be replaced: a name, a manifest.json
 * or a familiar layout could all belong to someone else.
 */
export const OUTPUT_MARKER = ".realmkit-output.json";

/** What made the folder. `staging`: a synth in progress (a crash leaves it behind). */
export type OutputKind = "synth" | "plans" | "drift" | "changed" | "staging" | "retired";

export interface OutputMarker {
  readonly tool: "realmkit";
  readonly kind: OutputKind;
  /**
   * Only in per-run work folders (`changed`): the process that made it, so a later run can tell
   * a dead run's folder from a live one's. Outputs carry none, so that two syntheses of one
   * inventory are byte for byte the same, marker included.
   */
  readonly pid?: number;
  readonly host?: string;
}

/** Writes the marker; `owner` records this process (for work folders that a sweep may remove). */
export function writeMarker(dir: string, kind: OutputKind, owner = false): void {
  const marker: OutputMarker = { tool: "realmkit", kind, ...(owner ? { pid: process.pid, host: hostname() } : {}) };
  writeFileSync(join(dir, OUTPUT_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/** The folder's marker, or undefined when it has none (or one Realmkit did not write). */
export function readMarker(dir: string): OutputMarker | undefined {
  const file = join(dir, OUTPUT_MARKER);
  try {
    // A symlink or folder named like the marker proves nothing.
    if (!existsSync(file) || !lstatSync(file).isFile()) return undefined;
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<OutputMarker>;
    return parsed && parsed.tool === "realmkit" && typeof parsed.kind === "string" ? (parsed as OutputMarker) : undefined;
  } catch {
    return undefined;
  }
}
