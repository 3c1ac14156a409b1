import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Folders of Realmkit's own code that build, check or write stacks. */
export const CODE_FOLDERS = ["lib", "constructs", "bin"] as const;
/** Files beside them that change what that code does (dependency versions, how TypeScript is compiled). */
export const PROJECT_FILES = ["package.json", "package-lock.json", "tsconfig.json"] as const;
/** Packages whose code builds the stacks: their exact installed versions count even without a lockfile. */
const STACK_PACKAGES = ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-azurerm"];

/**
 * A digest of every file under `root`'s code folders and its project files, by path relative
 * to `root` and content: the same code unpacked elsewhere (a git revision in a temp folder)
 * has the same fingerprint; any edit, added or removed file changes it.
 */
export function treeFingerprint(root: string, folders: readonly string[] = CODE_FOLDERS, files: readonly string[] = PROJECT_FILES): string {
  const hash = createHash("sha256");
  const add = (file: string) => {
    const content = readFileSync(file);
    hash.update(`${relative(root, file)}\u0000${content.length}\u0000`).update(content);
  };
  for (const folder of folders) {
    const dir = join(root, folder);
    if (existsSync(dir)) for (const file of walk(dir)) add(file);
  }
  for (const f of files) if (existsSync(join(root, f))) add(join(root, f));
  return hash.digest("hex");
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The folder holding the running code's lib/, constructs/ and bin/: the project (from source) or its dist/. */
export function runningCodeRoot(): string {
  return resolve(__dirname, "..", "..");
}

/** The Realmkit package folder (with package.json) of the running code. */
export function runningPackageRoot(): string {
  const code = runningCodeRoot();
  return existsSync(join(code, "package.json")) ? code : dirname(code);
}

let cached: string | undefined;

export interface CodeRoots {
  /** Holds lib/, constructs/ and bin/ as they run. */
  readonly codeRoot: string;
  /** Holds package.json, package-lock.json and tsconfig.json. */
  readonly packageRoot: string;
}

/**
 * Everything about the running program that decides what a stack looks like: Realmkit's code
 * as it runs (sources, or the compiled dist/), the project files and lockfile, the installed
 * versions of cdktf, constructs and the provider bindings, and Node itself. Computed once per
 * process (about 10 ms).
 */
export function codeFingerprint(roots?: CodeRoots): string {
  if (!roots && cached) return cached;
  const { codeRoot, packageRoot } = roots ?? { codeRoot: runningCodeRoot(), packageRoot: runningPackageRoot() };
  const hash = createHash("sha256");
  hash.update(`node ${process.version} ${process.arch}\u0000`);
  hash.update(treeFingerprint(codeRoot, CODE_FOLDERS, []));
  hash.update(treeFingerprint(packageRoot, [], PROJECT_FILES));
  for (const name of STACK_PACKAGES) {
    let manifest = "absent";
    try {
      manifest = readFileSync(require.resolve(`${name}/package.json`, { paths: [packageRoot] }), "utf8");
    } catch {
      // not installed (a cloud's bindings may be absent): that fact is part of the fingerprint
    }
    hash.update(`${name}\u0000${manifest}\u0000`);
  }
  const digest = hash.digest("hex");
  if (!roots) cached = digest;
  return digest;
}

/**
 * Environment values that change what cdktf writes (context, target stack, HCL output) or how
 * the TypeScript sources are compiled. CDKTF_OUTDIR only says where: it is left out.
 */
export function outputEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(env).sort()) {
    if (k === "CDKTF_OUTDIR") continue;
    if (/^(CDKTF_|SYNTH_|SWC_|TS_NODE_)/.test(k)) out[k] = env[k] ?? "";
  }
  return out;
}
