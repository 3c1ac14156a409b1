import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { closest } from "fastest-levenshtein";
import { RealmkitError, type SourceLocation } from "./errors";
import type { RealmLoadCache } from "./load-cache";
import { applyLayer, emptyLayered, type Layered } from "./merge";
import type { Pointer } from "./pointer";
import { validateSchema } from "./schema";
import type { RealmConfig } from "./types";
import { readYamlFile, type SourcedDocument } from "./yaml";

/** One realm after layering and schema validation, with the origin of every value. */
export interface ResolvedRealm {
  readonly id: string;
  readonly file: string;
  readonly config: RealmConfig;
  readonly provenance: ReadonlyMap<Pointer, SourceLocation>;
  readonly removed: ReadonlySet<Pointer>;
  /** Files applied, in order: defaults, provider layer, extends layers, realm file. */
  readonly sources: readonly string[];
}

export interface LoadResult {
  readonly realms: readonly ResolvedRealm[];
  readonly errors: readonly RealmkitError[];
}

export const DEFAULTS_FILE = "_defaults.yaml";
export const LAYERS_DIR = "_layers";

/** Realm files in a folder: every `*.yaml`/`*.yml` whose name does not start with `_`. */
export function realmFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new RealmkitError("RK-CONFIG-NO-INVENTORY", `realms folder ${dir} does not exist or is not a folder`, {
      fix: "pass --realms DIR (or set REALMKIT_REALMS) to the folder holding your realm files",
    });
  }
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith("_"))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Loads, layers and schema-checks every realm in `dir`. Problems are collected, not thrown,
 * so a user sees all of them at once; shared layers are parsed once.
 */
export function loadRealms(dir: string, only?: readonly string[], cache?: RealmLoadCache): LoadResult {
  const layers = new LayerCache(dir);
  const realms: ResolvedRealm[] = [];
  const errors: RealmkitError[] = [];
  for (const file of realmFiles(dir)) {
    if (only && !only.includes(realmIdOf(file))) continue;
    try {
      const key = cache ? cachedKey(cache, dir, file) : undefined;
      const hit = key ? cache!.get(key, dir) : undefined;
      if (hit) {
        realms.push(hit);
        continue;
      }
      const { realm, problems } = loadRealm(file, layers);
      errors.push(...problems);
      if (realm) realms.push(realm);
      if (realm && problems.length === 0 && key) cache!.put(key, dir, realm);
    } catch (err) {
      if (!(err instanceof RealmkitError)) throw err;
      errors.push(err);
    }
  }
  return { realms, errors: dedupe(errors) };
}

function cachedKey(cache: RealmLoadCache, dir: string, file: string): string | undefined {
  try {
    return cache.key(dir, file, readFileSync(file));
  } catch {
    return undefined; // unreadable: loading it reports why
  }
}

export function realmIdOf(file: string): string {
  return basename(file).replace(/\.ya?ml$/, "");
}

function loadRealm(file: string, layers: LayerCache): { realm?: ResolvedRealm; problems: RealmkitError[] } {
  const doc = readYamlFile(file);
  const id = realmIdOf(file);
  const problems: RealmkitError[] = [];

  const extendsNames = Array.isArray(doc.value.extends) ? (doc.value.extends as unknown[]) : [];
  const extendsDocs: SourcedDocument[] = [];
  extendsNames.forEach((name, index) => {
    const layer = typeof name === "string" ? layers.layer(name) : undefined;
    if (layer) {
      extendsDocs.push(layer);
      return;
    }
    const known = layers.names();
    const guess = typeof name === "string" && known.length ? closest(name, known) : undefined;
    problems.push(
      new RealmkitError("RK-CONFIG-UNKNOWN-LAYER", `unknown layer ${JSON.stringify(name)} in \`extends\`.${guess ? ` did you mean \`${guess}\`?` : ""}`, {
        location: doc.locations.get(`/extends/${index}`) ?? doc.locations.get("/extends"),
        value: name,
        realm: id,
        fix: `create ${join(layers.dir, LAYERS_DIR, `${String(name)}.yaml`)} or use one of: ${known.join(", ") || "(no layers exist)"}`,
      }),
    );
  });

  const defaults = layers.defaults();
  let layered: Layered = emptyLayered();
  const sources: string[] = [];
  const apply = (d: SourcedDocument): void => {
    layered = applyLayer(layered, d);
    sources.push(d.file);
  };
  if (defaults) apply(defaults);
  // The primary provider decides which provider layer applies; the realm file or its
  // extends layers name it, so look there before merging.
  const provider = primaryProvider([doc, ...[...extendsDocs].reverse(), ...(defaults ? [defaults] : [])]);
  const providerLayer = provider ? layers.layer(provider) : undefined;
  if (providerLayer) apply(providerLayer);
  extendsDocs.forEach(apply);
  apply(doc);

  problems.push(...validateSchema(layered.value, layered.provenance, id));
  if (typeof doc.value.realm === "string" && doc.value.realm !== id) {
    problems.push(
      new RealmkitError("RK-CONFIG-REALM-ID", `realm id \`${doc.value.realm}\` does not match the file name \`${id}\``, {
        location: doc.locations.get("/realm"),
        value: doc.value.realm,
        realm: id,
        fix: `set \`realm: ${id}\` or rename the file to ${doc.value.realm}.yaml`,
      }),
    );
  } else if (doc.value.realm === undefined) {
    problems.push(
      new RealmkitError("RK-CONFIG-MISSING-KEY", "the realm file needs `realm`", {
        location: { file, line: 1, col: 1 },
        realm: id,
        fix: `add \`realm: ${id}\` as the first line`,
      }),
    );
  }
  if (problems.length > 0) return { problems };
  return {
    realm: {
      id,
      file,
      config: layered.value as unknown as RealmConfig,
      provenance: layered.provenance,
      removed: layered.removed,
      sources,
    },
    problems,
  };
}

function primaryProvider(docs: readonly SourcedDocument[]): string | undefined {
  for (const d of docs) {
    const clouds = d.value.clouds;
    if (Array.isArray(clouds) && clouds[0] && typeof clouds[0].provider === "string") return clouds[0].provider;
  }
  return undefined;
}

/** Parses `_defaults.yaml` and `_layers/*.yaml` once per inventory, on first use. */
class LayerCache {
  private readonly cache = new Map<string, SourcedDocument | undefined>();
  private defaultsDoc: SourcedDocument | undefined | null = null;
  constructor(readonly dir: string) {}

  defaults(): SourcedDocument | undefined {
    if (this.defaultsDoc === null) {
      const file = join(this.dir, DEFAULTS_FILE);
      this.defaultsDoc = existsSync(file) ? readYamlFile(file) : undefined;
    }
    return this.defaultsDoc;
  }

  layer(name: string): SourcedDocument | undefined {
    if (!this.cache.has(name)) {
      const file = [".yaml", ".yml"].map((ext) => join(this.dir, LAYERS_DIR, name + ext)).find(existsSync);
      this.cache.set(name, file ? readYamlFile(file) : undefined);
    }
    return this.cache.get(name);
  }

  names(): string[] {
    const dir = join(this.dir, LAYERS_DIR);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => f.replace(/\.ya?ml$/, ""))
      .sort();
  }
}

// A mistake in a shared layer shows up once, not once per realm that uses it.
function dedupe(errors: readonly RealmkitError[]): RealmkitError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}|${e.location?.file}:${e.location?.line}:${e.location?.col}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
