import { randomBytes } from "node:crypto";
import { closeSync, constants, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { checkOutputFile, type OutputContext, resolveOutput } from "./paths";

export interface OutputFileOptions extends OutputContext {
  /** Whether an existing file's text shows Realmkit wrote it (a report or pipeline header). */
  readonly ours: (text: string) => boolean;
}

/** Reads at most the head of a file: enough for a signature, never a huge or endless read. */
function head(file: string): string {
  const buf = Buffer.alloc(64 * 1024);
  // O_NONBLOCK: should the file have become a FIFO since it was checked, opening it never waits.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** The checks of writeOutputFile without writing: run them before long work, so a refusal comes first. */
export function checkOutputFilePath(path: string, options: OutputFileOptions): string {
  const file = resolveOutput(path, options);
  checkOutputFile(file, path, options.option ?? "--out", options.ours, head);
  return file;
}

/**
 * Writes one output file (`policy --out`, `pipeline --out`): refused like an output folder
 * (lib/output/paths.ts), refused when the file exists and Realmkit did not write it, and
 * written through a temp sibling and a rename so a reader never sees half of it.
 */
export function writeOutputFile(path: string, text: string, options: OutputFileOptions): string {
  const file = checkOutputFilePath(path, options);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.realmkit-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  return file;
}
