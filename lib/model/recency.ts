import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { basename, dirname } from "node:path";

/**
 * Which of two realm files is the newer, so a clash between two realms is reported at the one
 * the user just wrote or changed (that is where they act), naming the older one second.
 *
 * The rule, most telling first:
 *  1. a file git sees as changed or new (uncommitted) is newer than a committed one;
 *  2. of two committed files, the one whose last commit is later;
 *  3. without git (or on a tie), the one modified later on disk;
 *  4. on a tie still, the file whose name sorts later (new realms are usually numbered on).
 * Git is asked only when a clash was found, one call per file, and a failing or missing git
 * just skips to rule 3.
 */
export type Recency = (a: string, b: string) => number;

interface FileAge {
  readonly uncommitted: boolean;
  readonly committedAt: number;
  readonly modifiedAt: number;
}

export function fileRecency(): Recency {
  const ages = new Map<string, FileAge>();
  const age = (file: string): FileAge => {
    let known = ages.get(file);
    if (!known) {
      known = { ...gitAge(file), modifiedAt: modifiedAt(file) };
      ages.set(file, known);
    }
    return known;
  };
  return (a, b) => {
    const x = age(a);
    const y = age(b);
    return (
      Number(x.uncommitted) - Number(y.uncommitted) ||
      x.committedAt - y.committedAt ||
      x.modifiedAt - y.modifiedAt ||
      basename(a).localeCompare(basename(b))
    );
  };
}

/** The newer of two files first: `[newer, older]`. */
export function newerFirst<T>(a: T, b: T, fileOf: (x: T) => string, recency: Recency): [T, T] {
  return recency(fileOf(a), fileOf(b)) >= 0 ? [a, b] : [b, a];
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function git(args: readonly string[], cwd: string): string | undefined {
  try {
    const r = spawnSync("git", args, { cwd, encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] });
    return r.status === 0 ? r.stdout : undefined;
  } catch {
    return undefined;
  }
}

function gitAge(file: string): Omit<FileAge, "modifiedAt"> {
  const cwd = dirname(file);
  const name = basename(file);
  // `--` ends options: a realm file name is data, never a git flag.
  const status = git(["status", "--porcelain", "--", name], cwd);
  if (status === undefined) return { uncommitted: false, committedAt: 0 };
  const committed = git(["log", "-1", "--format=%ct", "--", name], cwd);
  return { uncommitted: status.trim() !== "", committedAt: Number(committed?.trim() || 0) * 1000 };
}
