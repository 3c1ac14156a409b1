import { type Dirent, existsSync, lstatSync, readdirSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { RealmkitError } from "../config/errors";
import { OUTPUT_MARKER, type OutputKind, readMarker } from "./marker";
import { MANIFEST_FILE } from "../terraform/json";

/** Where a command is run from and what it reads: folders an output may never be, nor contain. */
export interface OutputContext {
  /** The option the path came from, for messages (`--out`, `--plans`). */
  readonly option?: string;
  /** The realm inventory folder: never replaced, never written into. */
  readonly realmsDir?: string;
  readonly cwd?: string;
  readonly home?: string;
  /** A good value for the option, shown in fixes (`cdktf.out`, `docs/realms`). */
  readonly example?: string;
}

/** Both spellings of a path: as given (resolved) and with symlinks followed, when it exists. */
function spellings(path: string): string[] {
  const abs = resolve(path);
  const out = [abs];
  let probe = abs;
  // Follow symlinks of the nearest existing ancestor, so `/tmp` -> `/private/tmp` still compares equal.
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  try {
    out.push(join(realpathSync(probe), relative(probe, abs)));
  } catch {
    // unreadable: the resolved spelling is all there is
  }
  return [...new Set(out)];
}

const within = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

/** The nearest folder holding `.git`, from `start` upwards: the repository root. */
function repositoryRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function refuse(option: string, path: string, why: string, fix: string): never {
  throw new RealmkitError("RK-OUTPUT-UNSAFE", `${option} ${path}: ${why}; nothing was written`, { value: path, fix });
}

/**
 * Resolves an output path and refuses the ones whose replacement would destroy what is not
 * Realmkit's: the empty string, the file-system root, and any folder that is or contains the
 * working folder, the home folder, the repository root or the inventory; also anything inside
 * the inventory. These hold even when such a folder carries a marker: a marker can be
 * committed to a repository, so it is no proof for the folders a user works in.
 */
export function resolveOutput(path: string, context: OutputContext = {}): string {
  const option = context.option ?? "--out";
  if (path.trim() === "") {
    throw new RealmkitError("RK-OUTPUT-UNSAFE", `${option} is empty`, {
      value: path,
      fix: `name a path of its own${context.example ? `, e.g. ${option} ${context.example}` : ""}`,
    });
  }
  const abs = resolve(path);
  const fix = `pass ${option} a path of its own${context.example ? `, e.g. ${option} ${context.example}` : ""}`;
  const cwd = context.cwd ?? process.cwd();
  const protectedDirs: [string, string | undefined][] = [
    ["the working folder", cwd],
    ["the home folder", context.home ?? homedir()],
    ["the repository root", repositoryRoot(cwd)],
    ["the repository root", repositoryRoot(abs)],
    ["the realm inventory", context.realmsDir],
  ];
  for (const candidate of spellings(abs)) {
    if (dirname(candidate) === candidate) refuse(option, path, "is the root of the file system", fix);
    for (const [name, dir] of protectedDirs) {
      if (!dir) continue;
      for (const guarded of spellings(dir)) {
        if (within(guarded, candidate)) refuse(option, path, guarded === candidate ? `is ${name}` : `contains ${name} (${guarded})`, fix);
      }
    }
    if (context.realmsDir && spellings(context.realmsDir).some((r) => within(candidate, r))) {
      refuse(option, path, "is inside the realm inventory", `${fix}, outside ${context.realmsDir}`);
    }
  }
  return abs;
}

/**
 * An output folder may be replaced, or written into, only when it is missing, empty, or
 * carries Realmkit's marker. A symlink is refused: replacing it would replace the link, and
 * writing through it would write wherever it points.
 */
export function checkOutputDir(abs: string, shown: string = abs, option = "--out", kind?: OutputKind): void {
  if (!existsSync(abs) && !isDanglingLink(abs)) return;
  const stat = lstatSync(abs);
  const fix = `move it away, or pass ${option} another folder (Realmkit only replaces folders it made: they hold ${OUTPUT_MARKER})`;
  if (stat.isSymbolicLink()) refuse(option, shown, "is a symbolic link", fix);
  if (!stat.isDirectory()) refuse(option, shown, "is a file, not a folder", fix);
  const marker = readMarker(abs);
  // Realmkit's, but made for something else: synth output over a folder of reviewed plans would lose them.
  if (marker && kind && marker.kind !== kind)
    refuse(option, shown, `holds Realmkit's ${marker.kind} output, not ${kind} output`, `pass ${option} a folder of its own`);
  if (marker) return;
  const entries = readdirSync(abs);
  if (entries.length === 0) return;
  const named = entries.slice(0, 5).join(", ") + (entries.length > 5 ? `, … (${entries.length} entries)` : "");
  // Outputs of Realmkit versions before the marker look like this; they are not guessed to be ours.
  const legacy = entries.includes(MANIFEST_FILE)
    ? `; if it is the output of an earlier Realmkit version (no ${OUTPUT_MARKER} yet), remove it once`
    : "";
  refuse(option, shown, `holds files Realmkit did not write (${named})`, `${fix}${legacy}`);
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * An output file (a report, a pipeline) is replaced only when it is missing or `ours` says
 * Realmkit wrote it; folders, symlinks and other non-regular files are never replaced.
 */
export function checkOutputFile(
  abs: string,
  shown: string,
  option: string,
  ours: (text: string) => boolean,
  read: (file: string) => string,
): void {
  if (!existsSync(abs) && !isDanglingLink(abs)) return;
  const stat = lstatSync(abs);
  const fix = `move it away, or pass ${option} another file name`;
  if (stat.isSymbolicLink()) refuse(option, shown, "is a symbolic link", fix);
  if (stat.isDirectory()) refuse(option, shown, "is a folder, not a file", fix);
  if (!stat.isFile()) refuse(option, shown, "is not a regular file", fix);
  if (!ours(read(abs))) refuse(option, shown, "exists and was not written by Realmkit", fix);
}

/** Terraform's state files: a local backend keeps them in the stack's folder. */
const STATE_FILE = /\.tfstate(\.backup)?$|^terraform\.tfstate\.d$/;

/**
 * Before an output is replaced: terraform state inside it is terraform's, not Realmkit's (a
 * local backend, `cdktf deploy` or `terraform apply` in a stack folder, writes it beside
 * `cdk.tf.json`), and replacing the folder would delete it. Looks in the folder and two levels
 * down (`stacks/<id>/`), never into `.terraform/` or through links.
 */
export function refuseTerraformState(abs: string, shown: string = abs, option = "--out"): void {
  const found = (dir: string, depth: number): string | undefined => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    for (const e of entries) if (STATE_FILE.test(e.name)) return join(dir, e.name);
    if (depth === 0) return undefined;
    for (const e of entries) {
      if (!e.isDirectory() || e.name === ".terraform") continue;
      const hit = found(join(dir, e.name), depth - 1);
      if (hit) return hit;
    }
    return undefined;
  };
  const state = found(abs, 2);
  if (state)
    refuse(
      option,
      shown,
      `holds terraform state (${relative(abs, state)}), which replacing it would delete`,
      `Realmkit never deletes terraform state: move the file somewhere safe, synthesize, and put it back into the new stack folder; for state that must live on, use a remote backend (the default, without --backend local)`,
    );
}
