import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { applyCloudDefaults } from "./cloud-defaults";
import { RealmkitError, type SourceLocation } from "./errors";
import type { RealmLoadCache } from "./load-cache";
import { applyLayer, emptyLayered, type DroppedValue, type Layered } from "./merge";
import type { Pointer } from "./pointer";
import { validateSchema } from "./schema";
import { didYouMean } from "./suggest";
import type { RealmConfig } from "./types";
import { readYamlFile, type SourcedDocument } from "./yaml";

/** One realm after layering and schema validation, with the origin of every value. */
export interface ResolvedRealm {
  readonly id: string;
  readonly file: string;
  readonly config: RealmConfig;
  readonly provenance: ReadonlyMap<Pointer, SourceLocation>;
  readonly removed: ReadonlySet<Pointer>;
  /** Inherited values dropped because a more specific file chose the other alternative (e.g. an external database). */
  readonly dropped: ReadonlyMap<Pointer, DroppedValue>;
  /** Files applied, in order: defaults, provider layer, extends layers, realm file. */
  readonly sources: readonly string[];
}

export interface LoadResult {
  readonly realms: readonly ResolvedRealm[];
  readonly errors: readonly RealmkitError[];
  /** Things worth saying that do not stop a run: files the inventory ignores. */
  readonly warnings: readonly string[];
}

export const DEFAULTS_FILE = "_defaults.yaml";
export const LAYERS_DIR = "_layers";

/** Layer names (and so file names under `_layers/`): a word, never a path. */
export const LAYER_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const PROVIDERS = new Set(["aws", "gcp", "azure"]);
const YAML_EXT = /\.ya?ml$/;

interface InventoryListing {
  readonly files: string[];
  readonly problems: RealmkitError[];
  readonly warnings: string[];
}

/**
 * The realm files of a folder: every `*.yaml`/`*.yml` whose name does not start with `_`.
 * Two files for one realm id are an error (which one would win?); other files get a warning
 * naming them, since a realm saved as `us2.yaml.txt` would otherwise vanish silently.
 */
export function listInventory(dir: string): InventoryListing {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new RealmkitError("RK-CONFIG-NO-INVENTORY", `realms folder ${dir} does not exist or is not a folder`, {
      fix: "pass --realms DIR (or set REALMKIT_REALMS) to the folder holding your realm files",
    });
  }
  const names = readdirSync(dir).sort();
  const files: string[] = [];
  const problems: RealmkitError[] = [];
  const warnings: string[] = [];
  const byId = new Map<string, string>();
  for (const name of names) {
    if (name === LAYERS_DIR || name.startsWith(".")) continue;
    if (!YAML_EXT.test(name)) {
      warnings.push(`${join(dir, name)}: ignored, not a realm file (realm files end in .yaml or .yml)`);
      continue;
    }
    if (name.startsWith("_")) {
      if (name !== DEFAULTS_FILE)
        warnings.push(
          `${join(dir, name)}: ignored (files starting with _ are not realms; the only shared file read here is ${DEFAULTS_FILE}, layers go in ${LAYERS_DIR}/)`,
        );
      continue;
    }
    const id = realmIdOf(name);
    const first = byId.get(id);
    if (first !== undefined) {
      problems.push(
        new RealmkitError("RK-CONFIG-DUPLICATE-REALM", `${name} and ${first} both define realm \`${id}\` (${join(dir, first)}:1:1)`, {
          location: { file: join(dir, name), line: 1, col: 1 },
          realm: id,
          fix: `keep one of ${first} and ${name}: delete or rename the other`,
        }),
      );
      continue;
    }
    byId.set(id, name);
    files.push(join(dir, name));
  }
  return { files: files.filter((f) => !problems.some((p) => p.realm === realmIdOf(f))), problems, warnings };
}

/** "no realm `uss2`. did you mean `us2`?": the ids come from the folder's file names. */
export function unknownRealmError(dir: string, id: string, code = "RK-CLI-UNKNOWN-REALM"): RealmkitError {
  const ids = existsSync(dir) ? listInventory(dir).files.map(realmIdOf) : [];
  return new RealmkitError(code, `no realm \`${id}\` in ${dir}.${didYouMean(id, ids)}`, {
    value: id,
    fix: ids.length
      ? `use one of: ${ids.join(", ")} (\`realmkit list\` shows them)`
      : "the inventory has no realm files yet: `realmkit new <id>` writes one",
  });
}

/** Realm files in a folder (see listInventory). */
export function realmFiles(dir: string): string[] {
  return listInventory(dir).files;
}

/**
 * Loads, layers and schema-checks every realm in `dir`. Problems are collected, not thrown,
 * so a user sees all of them at once; shared layers are parsed once. `configChecks` (checks
 * that read nothing but the realm) runs on each realm loaded; with a cache, a filed realm that
 * passed them before is not checked again.
 */
export function loadRealms(
  dir: string,
  only?: readonly string[],
  cache?: RealmLoadCache,
  configChecks?: (realm: ResolvedRealm) => RealmkitError[],
): LoadResult {
  const layers = new LayerCache(dir);
  const realms: ResolvedRealm[] = [];
  const listing = listInventory(dir);
  const errors: RealmkitError[] = [...listing.problems.filter((p) => !only || only.includes(p.realm!))];
  for (const file of listing.files) {
    if (only && !only.includes(realmIdOf(file))) continue;
    try {
      const key = cache ? cachedKey(cache, dir, file) : undefined;
      const hit = key ? cache!.get(key, dir) : undefined;
      if (hit) {
        realms.push(hit.realm);
        if (configChecks && !hit.checked) {
          const problems = configChecks(hit.realm);
          errors.push(...problems);
          if (problems.length === 0) cache!.put(key!, dir, hit.realm, true);
        }
        continue;
      }
      const { realm, problems } = loadRealm(file, layers);
      errors.push(...problems);
      if (!realm) continue;
      realms.push(realm);
      const configProblems = configChecks?.(realm) ?? [];
      errors.push(...configProblems);
      if (key && problems.length === 0) cache!.put(key, dir, realm, configChecks !== undefined && configProblems.length === 0);
    } catch (err) {
      if (!(err instanceof RealmkitError)) throw err;
      errors.push(err.forRealm(realmIdOf(file)));
    }
  }
  return { realms, errors: dedupe(errors), warnings: listing.warnings };
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
  const doc = readYamlFile(file, layers.dir);
  const id = realmIdOf(file);
  const problems: RealmkitError[] = [];
  const extendsDocs = layers.resolveExtends(doc, id, problems);
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
  // Only a known provider names a layer: the value is user data, never a path.
  const providerLayer = provider && PROVIDERS.has(provider) ? layers.layer(provider) : undefined;
  for (const shared of [defaults, providerLayer]) {
    if (shared && shared.value.extends !== undefined) {
      problems.push(
        new RealmkitError(
          "RK-CONFIG-INVALID-VALUE",
          "`extends` is not read in the defaults file or a provider layer (they apply to every realm)",
          {
            location: shared.locations.get("/extends"),
            value: shared.value.extends,
            realm: id,
            fix: "move the shared values into this file, or put `extends` in the realm files or in other layers",
          },
        ),
      );
    }
  }
  if (providerLayer) apply(providerLayer);
  extendsDocs.forEach(apply);
  apply(doc);

  problems.push(...applyCloudDefaults(layered, id));
  problems.push(...validateSchema(layered.value, layered.provenance, id, { file, locations: doc.locations }));
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
      dropped: layered.dropped,
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
      this.defaultsDoc = existsSync(file) ? readYamlFile(file, this.dir) : undefined;
    }
    return this.defaultsDoc;
  }

  /** The layer of that name, or undefined; a name that is not a plain word never opens a file. */
  layer(name: string): SourcedDocument | undefined {
    if (!LAYER_NAME.test(name)) return undefined;
    if (!this.cache.has(name)) {
      const file = [".yaml", ".yml"].map((ext) => join(this.dir, LAYERS_DIR, name + ext)).find(existsSync);
      this.cache.set(name, file ? readYamlFile(file, this.dir) : undefined);
    }
    return this.cache.get(name);
  }

  /**
   * The layers `doc` extends, in the order they apply: a layer's own `extends` come before it
   * (depth first), each layer once, so `prod` extending `base` works like listing both. A
   * cycle, an unknown name or a name that is not a word is a problem at the line naming it.
   */
  resolveExtends(doc: SourcedDocument, realm: string, problems: RealmkitError[]): SourcedDocument[] {
    const out: SourcedDocument[] = [];
    const done = new Set<string>();
    const visit = (from: SourcedDocument, trail: readonly string[]): void => {
      const names = from.value.extends;
      if (names === undefined) return;
      if (!Array.isArray(names)) {
        problems.push(
          new RealmkitError("RK-CONFIG-INVALID-VALUE", "`extends` must be a list of layer names", {
            location: from.locations.get("/extends"),
            value: names,
            realm,
            fix: "write `extends: [prod]`",
          }),
        );
        return;
      }
      names.forEach((name, index) => {
        const location = from.locations.get(`/extends/${index}`) ?? from.locations.get("/extends");
        if (typeof name === "string" && trail.includes(name)) {
          problems.push(
            new RealmkitError("RK-CONFIG-LAYER-CYCLE", `layers extend each other in a cycle: ${[...trail, name].join(" -> ")}`, {
              location,
              value: name,
              realm,
              fix: `remove \`${name}\` from this \`extends\` list`,
            }),
          );
          return;
        }
        if (typeof name === "string" && done.has(name)) return;
        const layer = typeof name === "string" ? this.layer(name) : undefined;
        if (!layer) {
          problems.push(this.unknownLayer(name, location, realm));
          return;
        }
        visit(layer, [...trail, name as string]);
        done.add(name as string);
        out.push(layer);
      });
    };
    visit(doc, []);
    return out;
  }

  private unknownLayer(name: unknown, location: SourceLocation | undefined, realm: string): RealmkitError {
    const known = this.names();
    if (typeof name !== "string" || !LAYER_NAME.test(name)) {
      return new RealmkitError("RK-CONFIG-UNKNOWN-LAYER", `layer name ${JSON.stringify(name)} in \`extends\` is not a plain name`, {
        location,
        value: name,
        realm,
        fix: `name a file of ${join(this.dir, LAYERS_DIR)} without its extension (lowercase letters, digits, - and _): ${known.join(", ") || "(no layers exist)"}`,
      });
    }
    return new RealmkitError("RK-CONFIG-UNKNOWN-LAYER", `unknown layer ${JSON.stringify(name)} in \`extends\`.${didYouMean(name, known)}`, {
      location,
      value: name,
      realm,
      fix: `create ${join(this.dir, LAYERS_DIR, `${name}.yaml`)} or use one of: ${known.join(", ") || "(no layers exist)"}`,
    });
  }

  names(): string[] {
    const dir = join(this.dir, LAYERS_DIR);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => YAML_EXT.test(f))
      .map((f) => f.replace(YAML_EXT, ""))
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
