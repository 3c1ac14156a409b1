import { createHash } from "node:crypto";
import { readFileSync, rmSync, utimesSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { RealmLoadCache } from "../config/load-cache";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { keyOf, UncacheableValue } from "../cache/key";
import { prune, writeAtomic } from "../cache/files";
import { codeFingerprint, outputEnvironment } from "../cache/fingerprint";
import type { StackOptions } from "./kit";

/** Bump when the layout of an entry or what a key covers changes: older entries are never read. */
const FORMAT = "realmkit-synth-cache-1";

/** What a hit gives back: exactly what a fresh synthesis wrote for the stack. */
export interface CachedStack {
  /** The bytes of `cdk.tf.json`. */
  readonly document: Buffer;
  /** The stack's entry in cdktf's manifest.json, and the manifest's cdktf version. */
  readonly manifestEntry: unknown;
  readonly manifestVersion: string;
}

interface EntryHeader {
  readonly format: string;
  readonly key: string;
  readonly stackId: string;
  readonly sha256: string;
  readonly size: number;
  readonly manifestEntry: unknown;
  readonly manifestVersion: string;
}

export interface SynthCacheSettings {
  /** Folder of the cache; created on first write. */
  readonly dir: string;
  /** Environment whose output-changing values (CDKTF_*, SYNTH_*, ...) enter every key. */
  readonly env?: NodeJS.ProcessEnv;
  /** @default codeFingerprint() of the running code */
  readonly fingerprint?: string;
}

/**
 * Where the synth cache lives: beside the V8 code cache, in `$XDG_CACHE_HOME/realmkit` or
 * `~/.cache/realmkit`, unless REALMKIT_SYNTH_CACHE_DIR says otherwise. Undefined when
 * REALMKIT_SYNTH_CACHE=off.
 */
export function defaultSynthCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REALMKIT_SYNTH_CACHE === "off") return undefined;
  return env.REALMKIT_SYNTH_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "realmkit", "synth-v1");
}

/**
 * The cache the CLI and the cdktf app use, unless turned off (`--no-cache`,
 * REALMKIT_SYNTH_CACHE=off). cdktf's HCL output (SYNTH_HCL_OUTPUT) writes other files than
 * the cache files, so it synthesizes without.
 */
export function openSynthCache(env: NodeJS.ProcessEnv = process.env, enabled = true): SynthCache | undefined {
  const hcl = env.SYNTH_HCL_OUTPUT === "true" || env.SYNTH_HCL_OUTPUT === "1";
  const dir = enabled && !hcl ? defaultSynthCacheDir(env) : undefined;
  return dir ? new SynthCache({ dir, env }) : undefined;
}

/**
 * A content-addressed cache of synthesized stacks. A stack's key covers everything that
 * decides its document: the realm's effective configuration and its target (cloud, region,
 * account, zones, network layout, components), the stack options (backend, offline), the
 * output-changing environment, and the fingerprint of the running code, lockfile, cdktf,
 * bindings and Node (`codeFingerprint`). Anything the key cannot render exactly means no key,
 * so no hit. An entry is the document's bytes with a header holding their SHA-256: a damaged
 * entry is a miss. Entries are written atomically (temp file and rename), so concurrent runs
 * and an interrupted run leave whole entries or none; the folder is safe to delete at any time.
 */
export class SynthCache {
  readonly dir: string;
  private readonly stacksDir: string;
  private readonly verdictsDir: string;
  private readonly env: Record<string, string>;
  private readonly fingerprint?: string;
  /** Layered realms by the bytes of their files, in the same folder (lib/config/load-cache.ts). */
  readonly realms: RealmLoadCache;
  private readonly used = new Set<string>();
  hits = 0;
  misses = 0;
  /** Stacks the last synthesis took from the cache (a realm with one miss is rebuilt whole). */
  reused = 0;

  constructor(settings: SynthCacheSettings) {
    this.dir = settings.dir;
    this.stacksDir = join(settings.dir, "stacks");
    this.verdictsDir = join(settings.dir, "verdicts");
    this.env = outputEnvironment(settings.env ?? process.env);
    this.fingerprint = settings.fingerprint;
    this.realms = new RealmLoadCache(settings.dir, settings.fingerprint);
  }

  /** The key of one stack, or undefined when its inputs cannot be keyed exactly. */
  stackKey(realm: RealmModel, target: CloudTarget, options: StackOptions): string | undefined {
    try {
      return keyOf(
        FORMAT,
        this.fingerprint ?? codeFingerprint(),
        this.env,
        { backend: options.backend, offline: Boolean(options.offline) },
        realm.id,
        realm.config,
        target,
      );
    } catch (err) {
      if (err instanceof UncacheableValue) return undefined;
      throw err;
    }
  }

  get(key: string, stackId: string): CachedStack | undefined {
    const file = this.entryFile(key);
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch {
      this.misses++;
      return undefined;
    }
    const cut = raw.indexOf(10);
    try {
      if (cut < 0) throw new Error("no header");
      const header = JSON.parse(raw.subarray(0, cut).toString("utf8")) as EntryHeader;
      const document = raw.subarray(cut + 1);
      if (
        header.format !== FORMAT ||
        header.key !== key ||
        header.stackId !== stackId ||
        header.size !== document.length ||
        createHash("sha256").update(document).digest("hex") !== header.sha256
      ) {
        throw new Error("entry does not match");
      }
      this.hits++;
      this.used.add(file);
      return { document, manifestEntry: header.manifestEntry, manifestVersion: header.manifestVersion };
    } catch {
      this.misses++;
      rmSync(file, { force: true });
      return undefined;
    }
  }

  put(key: string, stackId: string, document: Buffer, manifestEntry: unknown, manifestVersion: string): void {
    const header: EntryHeader = {
      format: FORMAT,
      key,
      stackId,
      sha256: createHash("sha256").update(document).digest("hex"),
      size: document.length,
      manifestEntry,
      manifestVersion,
    };
    this.writeAtomic(this.entryFile(key), Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), document]));
  }

  /**
   * A small value derived from the entry under `key` (change detection's content hash):
   * computed on first use rather than on every write, so a full synth does not pay for it.
   */
  getDerived(kind: string, key: string): string | undefined {
    try {
      const file = join(this.dir, kind, key);
      const value = readFileSync(file, "utf8");
      this.used.add(file);
      return value;
    } catch {
      return undefined;
    }
  }

  putDerived(kind: string, key: string, value: string): void {
    this.writeAtomic(join(this.dir, kind, key), Buffer.from(value));
  }

  /** A cached verdict of the checks for `key` (a stack key plus what the checks depend on). */
  getVerdict<T>(key: string): T | undefined {
    const file = join(this.verdictsDir, `${key}.json`);
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as { format: string; key: string; verdict: T };
      if (parsed.format !== FORMAT || parsed.key !== key) return undefined;
      this.used.add(file);
      return parsed.verdict;
    } catch {
      return undefined;
    }
  }

  putVerdict(key: string, verdict: unknown): void {
    this.writeAtomic(join(this.verdictsDir, `${key}.json`), Buffer.from(JSON.stringify({ format: FORMAT, key, verdict })));
  }

  /**
   * Marks the entries this run used as recent and drops the least recently used beyond
   * `keep` per folder, so the cache follows the inventory instead of growing with every edit.
   */
  finish(keep: number): void {
    const now = new Date();
    for (const file of this.used) {
      try {
        utimesSync(file, now, now);
      } catch {
        // removed meanwhile by another run's pruning: it was a hit all the same
      }
    }
    for (const dir of [this.stacksDir, this.verdictsDir, join(this.dir, "hashes"), join(this.dir, "realms")]) prune(dir, keep);
  }

  private entryFile(key: string): string {
    return join(this.stacksDir, `${key}.entry`);
  }

  private writeAtomic(file: string, content: Buffer): void {
    writeAtomic(file, content);
  }
}
