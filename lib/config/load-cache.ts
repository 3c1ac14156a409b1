import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, utimesSync } from "node:fs";
import { join, relative } from "node:path";
import { writeAtomic } from "../cache/files";
import { codeFingerprint } from "../cache/fingerprint";
import { isPlainObject } from "../cache/key";
import type { SourceLocation } from "./errors";
import type { ResolvedRealm } from "./load";
import type { DroppedValue } from "./merge";
import type { Pointer } from "./pointer";

const FORMAT = "realmkit-realm-cache-3";
const DEFAULTS_FILE = "_defaults.yaml";
const LAYERS_DIR = "_layers";

/** `[file index, line, col]` */
type StoredLocation = readonly [number, number, number];

interface Entry {
  readonly format: string;
  readonly key: string;
  readonly id: string;
  readonly config: unknown;
  /** Files by index, relative to the inventory folder. */
  readonly files: readonly string[];
  /** `[pointer, file index, line, col]` */
  readonly provenance: readonly (readonly [string, number, number, number])[];
  readonly removed: readonly string[];
  /** What `explain` reports as dropped alternatives: `[pointer, value, was, by, at]`, locations as `[file index, line, col]`. */
  readonly dropped: readonly (readonly [string, unknown, StoredLocation | null, string, StoredLocation | null])[];
  readonly sources: readonly number[];
  /** Every object of the configuration has no prototype (user-keyed maps stay prototype-free). */
  readonly nullPrototype: boolean;
  /** The realm passed the configuration checks (lib/model/checks.ts checkRealmConfig) when filed. */
  readonly checked?: boolean;
}

/**
 * Layered, schema-checked realms filed by the bytes they were made from: the realm file, the
 * inventory's `_defaults.yaml` and every file of `_layers/` (an edit to any layer invalidates
 * every realm, which is simple and never wrong), and the running code. Parsing YAML with
 * source positions is most of loading an inventory; with one realm edited, the other 99 come
 * from here. Values an either/or choice dropped are filed with their origins, so `explain`
 * says the same of a hit as of a fresh load. Only realms that loaded without a problem are
 * filed. The configuration checks depend on nothing but the filed realm and the code the key
 * covers, so an entry also records that they passed; the day-dependent suppression check and
 * the cross-realm checks run every time. Paths are stored relative to the inventory folder,
 * so the same realm in a git revision unpacked elsewhere is a hit.
 */
export class RealmLoadCache {
  private readonly dir: string;
  private readonly shared = new Map<string, string>();
  /** Realms taken from the cache. */
  hits = 0;

  constructor(
    cacheDir: string,
    private readonly fingerprint?: string,
  ) {
    this.dir = join(cacheDir, "realms");
  }

  /** The key of a realm file of inventory `inventoryDir`, from its bytes. */
  key(inventoryDir: string, file: string, content: Buffer): string {
    return createHash("sha256")
      .update(`${FORMAT}\u0000${this.layersDigest(inventoryDir)}\u0000${relative(inventoryDir, file)}\u0000`)
      .update(content)
      .digest("hex");
  }

  /** The filed realm, and whether it passed the configuration checks when filed. */
  get(key: string, inventoryDir: string): { realm: ResolvedRealm; checked: boolean } | undefined {
    const file = join(this.dir, `${key}.json`);
    let entry: Entry;
    try {
      entry = JSON.parse(readFileSync(file, "utf8")) as Entry;
    } catch {
      return undefined;
    }
    if (entry.format !== FORMAT || entry.key !== key) return undefined;
    const files = entry.files.map((f) => join(inventoryDir, f));
    const config = entry.nullPrototype ? withoutPrototypes(entry.config) : entry.config;
    const provenance = new Map<Pointer, SourceLocation>();
    for (const [pointer, index, line, col] of entry.provenance) provenance.set(pointer, { file: files[index]!, line, col });
    const location = (l: StoredLocation | null): SourceLocation | undefined =>
      l ? { file: files[l[0]]!, line: l[1], col: l[2] } : undefined;
    const dropped = new Map<Pointer, DroppedValue>();
    for (const [pointer, value, was, by, at] of entry.dropped) {
      // The same shape as the merge makes (lib/config/merge.ts), unknown locations included.
      dropped.set(pointer, { value: entry.nullPrototype ? withoutPrototypes(value) : value, was: location(was), by, at: location(at) });
    }
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // pruned meanwhile: still a hit
    }
    this.hits++;
    const realm: ResolvedRealm = {
      id: entry.id,
      file: files[0]!,
      config: config as ResolvedRealm["config"],
      provenance,
      removed: new Set(entry.removed),
      dropped,
      sources: entry.sources.map((i) => files[i]!),
    };
    return { realm, checked: entry.checked === true };
  }

  /** Files `realm`; `checked`: it passed the configuration checks. */
  put(key: string, inventoryDir: string, realm: ResolvedRealm, checked = false): void {
    // Dropped values are filed like the configuration: only when JSON gives them back exactly.
    const kinds = new Set<string>();
    if (!exactJson(realm.config, kinds)) return;
    for (const d of realm.dropped.values()) if (!exactJson(d.value, kinds)) return;
    if (kinds.size > 1) return;
    const files = [realm.file];
    const indexOf = (path: string): number | undefined => {
      let i = files.indexOf(path);
      if (i < 0) {
        // Only files inside the inventory can be moved along with it.
        if (join(inventoryDir, relative(inventoryDir, path)) !== path || relative(inventoryDir, path).startsWith("..")) return undefined;
        i = files.push(path) - 1;
      }
      return i;
    };
    if (join(inventoryDir, relative(inventoryDir, realm.file)) !== realm.file) return;
    const provenance: [string, number, number, number][] = [];
    for (const [pointer, loc] of realm.provenance) {
      const i = indexOf(loc.file);
      if (i === undefined) return;
      provenance.push([pointer, i, loc.line, loc.col]);
    }
    const store = (loc: SourceLocation | undefined): StoredLocation | null | undefined => {
      if (!loc) return null;
      const i = indexOf(loc.file);
      return i === undefined ? undefined : [i, loc.line, loc.col];
    };
    const dropped: [string, unknown, StoredLocation | null, string, StoredLocation | null][] = [];
    for (const [pointer, d] of realm.dropped) {
      const was = store(d.was);
      const at = store(d.at);
      if (was === undefined || at === undefined) return;
      dropped.push([pointer, d.value, was, d.by, at]);
    }
    const sources: number[] = [];
    for (const s of realm.sources) {
      const i = indexOf(s);
      if (i === undefined) return;
      sources.push(i);
    }
    const entry: Entry = {
      format: FORMAT,
      key,
      id: realm.id,
      config: realm.config,
      files: files.map((f) => relative(inventoryDir, f)),
      provenance,
      removed: [...realm.removed],
      dropped,
      sources,
      nullPrototype: kinds.has("null"),
      ...(checked ? { checked } : {}),
    };
    writeAtomic(join(this.dir, `${key}.json`), JSON.stringify(entry));
  }

  /** Digest of the running code, `_defaults.yaml` and every layer file: computed once per inventory folder. */
  private layersDigest(inventoryDir: string): string {
    let digest = this.shared.get(inventoryDir);
    if (digest) return digest;
    const hash = createHash("sha256").update(this.fingerprint ?? codeFingerprint());
    const add = (name: string, path: string) => {
      const content = readFileSync(path);
      hash.update(`\u0000${name}\u0000${content.length}\u0000`).update(content);
    };
    if (existsSync(join(inventoryDir, DEFAULTS_FILE))) add(DEFAULTS_FILE, join(inventoryDir, DEFAULTS_FILE));
    const layers = join(inventoryDir, LAYERS_DIR);
    if (existsSync(layers)) {
      for (const name of readdirSync(layers).sort()) {
        const path = join(layers, name);
        try {
          add(`${LAYERS_DIR}/${name}`, path);
        } catch {
          hash.update(`\u0000${name}\u0000unreadable`);
        }
      }
    }
    digest = hash.digest("hex");
    this.shared.set(inventoryDir, digest);
    return digest;
  }
}

/**
 * True when JSON.stringify and JSON.parse give back exactly this value: plain objects (all with
 * or all without a prototype, recorded in `kinds`), finite numbers, no `__proto__` keys.
 */
function exactJson(value: unknown, kinds: Set<string>): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every((v) => exactJson(v, kinds));
  if (!isPlainObject(value)) return false;
  kinds.add(Object.getPrototypeOf(value) === null ? "null" : "object");
  for (const k of Object.keys(value)) {
    if (k === "__proto__") return false;
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || !exactJson(v, kinds)) return false;
  }
  return true;
}

function withoutPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototypes);
  if (value === null || typeof value !== "object") return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = withoutPrototypes(v);
  return out;
}
