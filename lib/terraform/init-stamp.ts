import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readStackIn } from "./json";

/** Bump when what the stamp covers changes: older stamps never match. */
const FORMAT = "realmkit-init-stamp-1";
const STAMP = join(".terraform", "realmkit-init.json");
const LOCK_FILE = ".terraform.lock.hcl";

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
  const stack = readStackIn(dir) as StackInitInputs;
  const modules = Object.entries(stack.module ?? {})
    .map(([name, m]) => [name, m?.source, m?.version])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const lock = existsSync(join(dir, LOCK_FILE)) ? readFileSync(join(dir, LOCK_FILE), "utf8") : "";
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
        lock,
      ]),
    )
    .digest("hex");
}

/**
 * Whether `dir` is initialised for exactly what its `terraform init` would act on now: a stamp
 * written after the last successful init matches, and every provider that init linked into
 * `.terraform/providers` still exists (the plugin cache it points into may have been cleared).
 * Any doubt (no stamp, unreadable files) means no, and init runs.
 */
export function initIsCurrent(dir: string, context: InitContext): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, STAMP), "utf8")) as { format?: string; digest?: string };
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
  writeFileSync(join(dir, STAMP), `${JSON.stringify({ format: FORMAT, digest: initDigest(dir, context) })}\n`);
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
