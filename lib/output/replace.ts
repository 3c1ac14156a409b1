import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { OUTPUT_MARKER, type OutputKind, readMarker, writeMarker } from "./marker";
import { checkOutputDir, type OutputContext, refuseTerraformState, resolveOutput } from "./paths";
import { emptyTrashInBackground, moveToTrash } from "./trash";

/**
 * Siblings of an output folder while it is being replaced: `.cdktf.out.realmkit-staging-PID-X`
 * (the new output being written) and `.cdktf.out.realmkit-retired-PID-X` (the previous one,
 * between the two renames of the swap). Hidden, and named after the output, so they are found
 * again after a crash and never mistaken for another output's.
 */
const sibling = (out: string, role: "staging" | "retired") =>
  join(dirname(out), `.${basename(out)}.realmkit-${role}-${process.pid}-${randomBytes(4).toString("hex")}`);

function leftovers(out: string): { path: string; role: "staging" | "retired"; pid: number }[] {
  const parent = dirname(out);
  if (!existsSync(parent)) return [];
  const prefix = `.${basename(out)}.realmkit-`;
  const found: { path: string; role: "staging" | "retired"; pid: number }[] = [];
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(staging|retired)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length));
    // Only Realmkit's own: the name alone could be anyone's, the marker inside says it is ours.
    if (m && readMarker(join(parent, name)))
      found.push({ path: join(parent, name), role: m[1] as "staging" | "retired", pid: Number(m[2]) });
  }
  return found;
}

export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Cleans up after runs that were killed while replacing `out`: a previous output caught
 * between the two renames of the swap is put back (when `out` is missing), and temp folders
 * of dead processes are removed. Folders of live processes are left to them.
 */
export function recoverOutput(out: string): { restored?: string; removed: string[] } {
  const found = leftovers(out).filter((l) => !processAlive(l.pid) || l.pid === process.pid);
  let restored: string | undefined;
  if (!existsSync(out)) {
    const retired = found.find((l) => l.role === "retired");
    if (retired) {
      renameSync(retired.path, out);
      restored = retired.path;
      // It was an empty folder, marked only for the swap: put it back as it was.
      if (readMarker(out)?.kind === "retired") rmSync(join(out, OUTPUT_MARKER), { force: true });
    }
  }
  const removed: string[] = [];
  for (const l of found) {
    if (l.path === restored) continue;
    rmSync(l.path, { recursive: true, force: true });
    removed.push(l.path);
  }
  return { ...(restored ? { restored } : {}), removed };
}

export interface ReplaceOptions extends OutputContext {
  /** What the marker of the finished output says made it. */
  readonly kind: OutputKind;
  /**
   * Where the replaced output goes instead of being removed while the operator waits (the
   * synth cache's trash, lib/output/trash.ts); emptied on a worker thread by the next run.
   */
  readonly trash?: string;
}

/**
 * Replaces the output folder `path` with what `build` writes into a fresh temp sibling, or
 * refuses (exit 1) when `path` is not Realmkit's to replace (lib/output/paths.ts). The old
 * output stays complete until the new one is: a crash while building leaves it untouched, a
 * crash in the swap leaves it under its retired name, and the next run puts it back. `build`
 * throwing (a failed check) keeps the old output too.
 */
export function replaceOutputDir<T>(path: string, build: (staging: string) => T, options: ReplaceOptions): T {
  const out = resolveOutput(path, options);
  recoverOutput(out);
  checkOutputDir(out, path, options.option, options.kind);
  refuseTerraformState(out, path, options.option);
  mkdirSync(dirname(out), { recursive: true });
  const staging = sibling(out, "staging");
  mkdirSync(staging);
  try {
    writeMarker(staging, "staging");
    const result = build(staging);
    writeMarker(staging, options.kind);
    swap(staging, out, options.trash);
    emptyTrashInBackground(options.trash);
    return result;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function swap(staging: string, out: string, trash: string | undefined): void {
  if (!existsSync(out)) {
    renameSync(staging, out);
    return;
  }
  const retired = sibling(out, "retired");
  renameSync(out, retired);
  // An empty folder replaced had no marker: give it one, so a crash right here leaves a
  // folder the next run recognises and puts back.
  if (!readMarker(retired)) writeMarker(retired, "retired");
  renameSync(staging, out);
  if (!moveToTrash(retired, trash)) rmSync(retired, { recursive: true, force: true });
}

/**
 * A work folder commands write into over time (`plan --out`, `drift --out`): checked like an
 * output, created when missing, and marked as Realmkit's.
 */
export function prepareWorkDir(path: string, options: ReplaceOptions): string {
  const out = resolveOutput(path, options);
  checkOutputDir(out, path, options.option, options.kind);
  mkdirSync(out, { recursive: true });
  if (!readMarker(out)) writeMarker(out, options.kind);
  return out;
}

/**
 * Removes the work folders named `prefix*` in `parent` that a killed run of this machine left
 * behind (`changed` makes one per run in the temp folder): only those carrying Realmkit's
 * marker, made by a process that no longer runs.
 */
export function sweepWorkDirs(parent: string, prefix: string): string[] {
  if (!existsSync(parent)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const marker = readMarker(join(parent, name));
    if (!marker || marker.pid === undefined || marker.host !== hostname() || processAlive(marker.pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
    removed.push(join(parent, name));
  }
  return removed;
}
