import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { RealmLoadCache } from "../config/load-cache";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { keyOf, UncacheableValue } from "../cache/key";
import { traceHolds, type ReadTrace } from "../cache/read-trace";
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
  /** Traced entries only: the reads of the input the document was built from. */
  readonly trace?: ReadTrace;
  /** Traced entries only: what the checks found, under the same trace. */
  readonly verdict?: unknown;
}

interface EntryHeader {
  readonly format: string;
  readonly key: string;
  readonly stackId: string;
  readonly sha256: string;
  readonly size: number;
  readonly manifestEntry: unknown;
  readonly manifestVersion: string;
  readonly trace?: ReadTrace;
  readonly verdict?: unknown;
}

/** An entry: one header line (with the document's SHA-256), then the document's bytes. */
function entryBytes(e: {
  key: string;
  stackId: string;
  document: Buffer;
  manifestEntry: unknown;
  manifestVersion: string;
  trace?: ReadTrace;
  verdict?: unknown;
}): Buffer {
  const header: EntryHeader = {
    format: FORMAT,
    key: e.key,
    stackId: e.stackId,
    sha256: createHash("sha256").update(e.document).digest("hex"),
    size: e.document.length,
    manifestEntry: e.manifestEntry,
    manifestVersion: e.manifestVersion,
    ...(e.trace ? { trace: e.trace } : {}),
    ...(e.verdict !== undefined ? { verdict: e.verdict } : {}),
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), e.document]);
}

/** Traced entries kept per key: the last few states of the inventory (switching branches back and forth). */
const TRACED_PER_KEY = 4;

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
  private readonly tracedDir: string;
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
    this.tracedDir = join(settings.dir, "traced");
    this.env = outputEnvironment(settings.env ?? process.env);
    this.fingerprint = settings.fingerprint;
    this.realms = new RealmLoadCache(settings.dir, settings.fingerprint);
  }

  /** Where replaced outputs wait for the next run to remove them (lib/output/trash.ts). */
  get trashDir(): string {
    return join(this.dir, "trash");
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
    const entry = this.readEntry(file, key, stackId);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.used.add(file);
    return entry;
  }

  put(key: string, stackId: string, document: Buffer, manifestEntry: unknown, manifestVersion: string): void {
    this.writeAtomic(this.entryFile(key), entryBytes({ key, stackId, document, manifestEntry, manifestVersion }));
  }

  /**
   * The key of a stack built from the whole inventory (the fleet-observability stack): the
   * code, the environment and the options, not the realms. Its entries carry the trace of
   * what the build read of the inventory, and `getTraced` takes one whose reads all still hold.
   */
  inventoryKey(stackId: string, options: StackOptions): string {
    return keyOf(
      FORMAT,
      this.fingerprint ?? codeFingerprint(),
      this.env,
      { backend: options.backend, offline: Boolean(options.offline) },
      stackId,
    );
  }

  /** The newest entry under `key` whose trace holds for `root`. */
  getTraced(key: string, stackId: string, root: unknown): CachedStack | undefined {
    for (const file of this.tracedFiles(key).slice(0, TRACED_PER_KEY)) {
      const entry = this.readEntry(file, key, stackId);
      if (entry?.trace && traceHolds(entry.trace, root)) {
        this.hits++;
        // Marked recent now: the fleet stack is synthesized after the realm stacks' finish().
        try {
          utimesSync(file, new Date(), new Date());
        } catch {
          // pruned meanwhile by another run: a hit all the same
        }
        return entry;
      }
    }
    this.misses++;
    return undefined;
  }

  putTraced(
    key: string,
    stackId: string,
    trace: ReadTrace,
    document: Buffer,
    manifestEntry: unknown,
    manifestVersion: string,
    verdict?: unknown,
  ): void {
    const bytes = entryBytes({ key, stackId, document, manifestEntry, manifestVersion, trace, verdict });
    const name = `${key}-${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}.entry`;
    this.writeAtomic(join(this.tracedDir, name), bytes);
    for (const stale of this.tracedFiles(key).slice(TRACED_PER_KEY)) rmSync(stale, { force: true });
  }

  /** The traced entries of `key`, newest first. */
  private tracedFiles(key: string): string[] {
    let names: string[];
    try {
      names = readdirSync(this.tracedDir).filter((n) => n.startsWith(`${key}-`) && n.endsWith(".entry"));
    } catch {
      return [];
    }
    const aged = names.map((n) => {
      const file = join(this.tracedDir, n);
      try {
        return { file, mtime: statSync(file).mtimeMs };
      } catch {
        return { file, mtime: 0 };
      }
    });
    return aged.sort((a, b) => b.mtime - a.mtime).map((a) => a.file);
  }

  /** An entry whose header matches and whose bytes hash right; a damaged one is removed. */
  private readEntry(file: string, key: string, stackId: string): CachedStack | undefined {
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch {
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
      return {
        document,
        manifestEntry: header.manifestEntry,
        manifestVersion: header.manifestVersion,
        trace: header.trace,
        verdict: header.verdict,
      };
    } catch {
      rmSync(file, { force: true });
      return undefined;
    }
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
    for (const dir of [this.stacksDir, this.verdictsDir, this.tracedDir, join(this.dir, "hashes"), join(this.dir, "realms")])
      prune(dir, keep);
  }

  private entryFile(key: string): string {
    return join(this.stacksDir, `${key}.entry`);
  }

  private writeAtomic(file: string, content: Buffer): void {
    writeAtomic(file, content);
  }
}
