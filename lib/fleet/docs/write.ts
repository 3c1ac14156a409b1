import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RealmkitError } from "../../config/errors";
import { GENERATED_MARKER } from "./markdown";

/** What `--check` found: files to write, files that differ, files of ours to remove. */
export interface DocsCheck {
  readonly missing: readonly string[];
  readonly stale: readonly string[];
  readonly extra: readonly string[];
}

const ours = (text: string): boolean => text.split("\n", 3).some((line) => line === GENERATED_MARKER);
const read = (file: string): string | undefined => (existsSync(file) && statSync(file).isFile() ? readFileSync(file, "utf8") : undefined);

/** Generated files in `dir` that the new set no longer has (a realm was removed). */
function leftovers(dir: string, files: ReadonlyMap<string, string>): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(md|html)$/.test(name) && !files.has(name))
    .filter((name) => ours(read(join(dir, name)) ?? ""));
}

export function checkDocs(dir: string, files: ReadonlyMap<string, string>): DocsCheck {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [name, text] of files) {
    const current = read(join(dir, name));
    if (current === undefined) missing.push(name);
    else if (current !== text) stale.push(name);
  }
  return { missing, stale, extra: leftovers(dir, files) };
}

/**
 * Writes the docs into `dir`. A file there that `realmkit docs` did not write (no marker) is
 * never replaced: the run stops before writing anything. Each file goes through a temp file
 * and a rename, so a reader never sees half a page.
 */
export function writeDocs(dir: string, files: ReadonlyMap<string, string>): { written: string[]; removed: string[] } {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new RealmkitError("RK-FLEET-DOCS-OUT", `--out ${dir} is a file, not a folder`, {
      value: dir,
      fix: "pass a folder for the generated docs, e.g. --out docs/realms",
    });
  }
  const foreign = [...files.keys()].filter((name) => {
    const current = read(join(dir, name));
    return current !== undefined && !ours(current);
  });
  const notFiles = [...files.keys()].filter((name) => existsSync(join(dir, name)) && !statSync(join(dir, name)).isFile());
  if (foreign.length || notFiles.length) {
    throw new RealmkitError(
      "RK-FLEET-DOCS-FOREIGN",
      `${[...foreign, ...notFiles].map((n) => join(dir, n)).join(", ")} ${foreign.length + notFiles.length === 1 ? "was" : "were"} not written by \`realmkit docs\`; nothing was written`,
      {
        value: dir,
        fix: "move those files away, or pass another --out folder (realmkit docs only replaces files it generated)",
      },
    );
  }
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of files) {
    const file = join(dir, name);
    if (read(file) === text) continue;
    const tmp = resolve(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    written.push(name);
  }
  const removed = leftovers(dir, files);
  for (const name of removed) rmSync(join(dir, name));
  return { written, removed };
}
