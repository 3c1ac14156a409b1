import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readStackIn } from "./json";
import { mirroredSources, mirrorVersions, requiredProviders } from "./providers";

/**
 * Terraform (1.4 on) re-installs a provider into the plugin cache on every init that finds no
 * lock-file entry for it: the cache entry is removed and created again. A plan of another
 * stack that runs meanwhile, through its link into that entry, finds its provider gone ("there
 * is no package for ... cached in .terraform/providers"). An init that starts from a lock file
 * whose checksums match the cached package only links it and leaves the cache alone.
 *
 * So the plugin cache remembers, per provider requirement, the lock file that requirement's
 * first init wrote, and an init of a folder without a lock file starts from it. Remembered
 * only where that never changes which version terraform picks: every constraint is one exact
 * version, or the provider comes from a filesystem mirror whose version list is part of the
 * key (a version added to the mirror is a new key).
 */
const FORMAT = "realmkit-lock-memory-1";
const FOLDER = ".realmkit-locks";
export const LOCK_FILE = ".terraform.lock.hcl";

export interface LockMemoryOptions {
  readonly pluginCacheDir: string;
  /** The CLI configuration text (mirror, cache, offline): another configuration may resolve differently. */
  readonly cliConfig: string;
  readonly mirror?: string;
}

/** `5.100.0` or `= 5.100.0`: one version, whatever the registry or mirror holds. */
function exact(constraint: string | undefined): boolean {
  return constraint !== undefined && /^\s*=?\s*\d+\.\d+\.\d+\s*$/.test(constraint);
}

export class LockMemory {
  private readonly file: string;

  private constructor(pluginCacheDir: string, key: string) {
    this.file = join(resolve(pluginCacheDir), FOLDER, `${key}.hcl`);
  }

  /** The memory for the stack in `dir`, or undefined when its lock file must be resolved afresh each time. */
  static for(dir: string, options: LockMemoryOptions): LockMemory | undefined {
    try {
      const providers = requiredProviders(readStackIn(dir) as Parameters<typeof requiredProviders>[0]);
      if (providers.length === 0) return undefined;
      const mirrored = new Set(options.mirror ? mirroredSources(options.mirror) : []);
      const parts: unknown[] = [FORMAT, options.cliConfig];
      for (const p of providers) {
        if (mirrored.has(p.source)) parts.push([p.name, p.source, p.constraint ?? null, mirrorVersions(options.mirror!, p.source)]);
        else if (exact(p.constraint)) parts.push([p.name, p.source, p.constraint]);
        else return undefined;
      }
      return new LockMemory(options.pluginCacheDir, createHash("sha256").update(JSON.stringify(parts)).digest("hex"));
    } catch {
      return undefined; // an unreadable stack or mirror: init runs as terraform alone runs it, and reports it
    }
  }

  /** Copies the remembered lock file into `dir` when it has none; true when it did. */
  recall(dir: string): boolean {
    const target = join(dir, LOCK_FILE);
    if (existsSync(target) || !existsSync(this.file)) return false;
    try {
      copyFileSync(this.file, target);
      return true;
    } catch {
      return false;
    }
  }

  /** After a successful init: the lock file it wrote (atomically, so a reader never sees half of it). */
  remember(dir: string): void {
    try {
      const text = readFileSync(join(dir, LOCK_FILE), "utf8");
      if (existsSync(this.file) && readFileSync(this.file, "utf8") === text) return;
      mkdirSync(join(this.file, ".."), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, this.file);
    } catch {
      // without memory the next init resolves afresh, as terraform alone would
    }
  }

  /** A remembered lock terraform refused (a mirror package replaced in place): resolve afresh from now on. */
  forget(dir: string): void {
    rmSync(this.file, { force: true });
    rmSync(join(dir, LOCK_FILE), { force: true });
  }
}
