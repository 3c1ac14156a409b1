import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readStackIn } from "./json";
import { LOCK_FILE } from "./lock-memory";

/** Bump when what the stamp covers changes: older stamps never match. */
const FORMAT = "realmkit-init-stamp-2";
const STAMP = join(".terraform", "realmkit-init.json");

/** The parts of a stack that `terraform init` acts on. */
interface StackInitInputs {
  terraform?: { required_providers?: unknown; backend?: unknown; cloud?: unknown };
  module?: Record<string, { source?: unknown; version?: unknown }>;
}

export interface InitContext {
  /** The terraform version: another version may install providers or lay out `.terraform` differently. */
  readonly terraformVersion: string;
  /** The CLI configuration text (mirror, plugin cache, offline). */
  readonly cliConfig: string;
}

/**
 * What `terraform init` of `dir` depends on: the stack's required providers, backend (or
 * cloud block) and module sources, the dependency lock file, the terraform version and the CLI
 * configuration. Anything else in the stack (resources, provider settings) is read by plan,
 * not by init.
 */
function initDigest(dir: string, context: InitContext): string {
  const lock = existsSync(join(dir, LOCK_FILE)) ? readFileSync(join(dir, LOCK_FILE), "utf8") : "";
  return createHash("sha256")
    .update(JSON.stringify([inputsDigest(dir, context), lock]))
    .digest("hex");
}

/** The same without the lock file: what two folders must share for one's init to serve the other. */
function inputsDigest(dir: string, context: InitContext): string {
  const stack = readStackIn(dir) as StackInitInputs;
  const modules = Object.entries(stack.module ?? {})
    .map(([name, m]) => [name, m?.source, m?.version])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return createHash("sha256")
    .update(
      JSON.stringify([
        FORMAT,
        context.terraformVersion,
        context.cliConfig,
        stack.terraform?.required_providers ?? null,
        stack.terraform?.backend ?? null,
        stack.terraform?.cloud ?? null,
        modules,
      ]),
    )
    .digest("hex");
}

interface Stamp {
  format?: string;
  digest?: string;
  inputs?: string;
}

function readStamp(dir: string): Stamp {
  return JSON.parse(readFileSync(join(dir, STAMP), "utf8")) as Stamp;
}

/**
 * Whether `dir` is initialised for exactly what its `terraform init` would act on now: a stamp
 * written after the last successful init matches, and every provider that init linked into
 * `.terraform/providers` still exists (the plugin cache it points into may have been cleared).
 * Any doubt (no stamp, unreadable files) means no, and init runs.
 */
export function initIsCurrent(dir: string, context: InitContext): boolean {
  try {
    const stamp = readStamp(dir);
    if (stamp.format !== FORMAT || stamp.digest !== initDigest(dir, context)) return false;
    const stack = readStackIn(dir) as StackInitInputs;
    const needsProviders = Object.keys((stack.terraform?.required_providers as object | undefined) ?? {}).length > 0;
    return providersPresent(join(dir, ".terraform", "providers"), needsProviders);
  } catch {
    return false;
  }
}

/** Records a successful init (call after it, so the stamp covers the lock file init wrote). */
export function writeInitStamp(dir: string, context: InitContext): void {
  // A stack with neither providers nor a backend leaves no .terraform folder behind.
  mkdirSync(join(dir, ".terraform"), { recursive: true });
  const stamp: Stamp = { format: FORMAT, digest: initDigest(dir, context), inputs: inputsDigest(dir, context) };
  writeFileSync(join(dir, STAMP), `${JSON.stringify(stamp)}\n`);
}

/**
 * A fresh work folder (no `.terraform`, no lock file) beside one initialised for the same
 * required providers, backend, terraform version and CLI configuration takes that folder's
 * init instead of running its own: the provider links and the lock file are what init would
 * write here (the same constraints resolved from the same mirror; the lock pins what the first
 * init chose, as a re-plan does). Saves one init per stack after the first of a fleet, which
 * on a shared plugin cache also waits its turn. Stacks with modules always init (their
 * sources may be relative to each folder). Returns the folder seeded from, or undefined when
 * none qualifies; the caller re-inits if a plan after a seed fails.
 */
export function seedInitFromSibling(dir: string, context: InitContext): string | undefined {
  if (existsSync(join(dir, ".terraform")) || existsSync(join(dir, LOCK_FILE))) return undefined;
  try {
    if (Object.keys((readStackIn(dir) as StackInitInputs).module ?? {}).length > 0) return undefined;
    const wanted = inputsDigest(dir, context);
    const parent = dirname(dir);
    const sibling = readdirSync(parent)
      .filter((name) => name !== basename(dir) && existsSync(join(parent, name, STAMP)))
      .map((name) => join(parent, name))
      .find((d) => {
        try {
          return readStamp(d).inputs === wanted && initIsCurrent(d, context);
        } catch {
          return false; // an unreadable stamp: not a folder to copy
        }
      });
    if (!sibling) return undefined;
    cpSync(join(sibling, ".terraform"), join(dir, ".terraform"), { recursive: true, verbatimSymlinks: true });
    cpSync(join(sibling, LOCK_FILE), join(dir, LOCK_FILE));
    writeInitStamp(dir, context);
    // A sibling re-initialised while it was copied leaves an incomplete copy: start clean.
    if (initIsCurrent(dir, context)) return sibling;
  } catch {
    // any doubt: this folder runs its own init
  }
  // Only what this call copied is removed: the folder had neither before.
  rmSync(join(dir, ".terraform"), { recursive: true, force: true });
  rmSync(join(dir, LOCK_FILE), { force: true });
  return undefined;
}

/**
 * Before an init that could not be reused: a folder carried over from an earlier plan (it has
 * a stamp) starts clean, as a fresh synth did before init was reused, so a changed version
 * constraint never meets the old lock file.
 */
export function resetCarriedInit(dir: string): void {
  if (!existsSync(join(dir, STAMP))) return;
  rmSync(join(dir, ".terraform"), { recursive: true, force: true });
  rmSync(join(dir, LOCK_FILE), { force: true });
}

/**
 * `.terraform/providers/<host>/<namespace>/<type>/<version>/<os_arch>`: each leaf (a folder,
 * or a link into the plugin cache) must resolve. No providers folder is fine only for a stack
 * without providers.
 */
function providersPresent(root: string, needed: boolean): boolean {
  if (!existsSync(root)) return !needed;
  const walk = (dir: string, depth: number): boolean => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (depth === 4) {
        // statSync follows a link: a dangling one throws.
        statSync(path);
        continue;
      }
      if (!walk(path, depth + 1)) return false;
    }
    return true;
  };
  return walk(root, 0);
}
