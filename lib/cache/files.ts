import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Writes `content` to `file` through a temp file and a rename, so a reader (another run, a run
 * killed half-way) sees the whole entry or none. A failure to write (read-only or full disk)
 * only means no cache.
 */
export function writeAtomic(file: string, content: string | Buffer): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch {
    // no cache this time
  }
}

/** Drops the least recently used files of `dir` beyond `keep` (hits refresh their mtime). */
export function prune(dir: string, keep: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  if (names.length <= keep) return;
  const aged = names.map((name) => {
    try {
      return { name, mtime: statSync(join(dir, name)).mtimeMs };
    } catch {
      return { name, mtime: 0 };
    }
  });
  aged.sort((a, b) => b.mtime - a.mtime);
  for (const { name } of aged.slice(keep)) rmSync(join(dir, name), { force: true });
}
