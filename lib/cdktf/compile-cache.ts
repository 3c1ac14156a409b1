import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

/**
 * A V8 code cache for the 20 MB of JavaScript (cdktf, constructs, the provider bindings) that
 * every synth, plan and rollout compiles before it does anything.
 *
 * On Node >= 22 this is Node's own `module.enableCompileCache()`: sanctioned, for every module,
 * and no slower than the hand-made cache below (`npm run bench:compile-cache`, numbers in
 * docs/cdktf-seam.md). The hand-made cache remains for Node 20, which has no compile cache of
 * its own; it goes when Node 20 leaves CI.
 *
 * `REALMKIT_COMPILE_CACHE`: `off` turns it off, `node` or `custom` forces one kind (a forced
 * `node` where Node lacks it caches nothing); unset picks as above. `REALMKIT_COMPILE_CACHE_DIR`
 * moves it (default: `$XDG_CACHE_HOME` or `~/.cache`, then `realmkit/v8-<node version>-<arch>`;
 * Node's cache lives in its `node/` subfolder). Returns the folder in use, if any.
 */
export function installCompileCache(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const mode = compileCacheMode(env);
  if (mode === "off" || installed) return undefined;
  const dir =
    env.REALMKIT_COMPILE_CACHE_DIR ??
    join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "realmkit", `v8-${process.version}-${process.arch}`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return undefined;
  }
  installed = true;
  return mode === "node" ? enableNodeCompileCache(join(dir, "node")) : installCustomCache(dir);
}

/** Which cache `installCompileCache` uses under `env` on this Node. */
export function compileCacheMode(env: NodeJS.ProcessEnv = process.env): "off" | "node" | "custom" {
  const asked = env.REALMKIT_COMPILE_CACHE;
  if (asked === "off" || asked === "node" || asked === "custom") return asked;
  return typeof nodeEnableCompileCache() === "function" ? "node" : "custom";
}

/**
 * The hand-made cache (Node 20). A cache made when a module is compiled (as `v8-compile-cache`
 * makes it) holds only the few functions V8 compiles eagerly; this one is made when the process
 * exits, so it also holds every function the run compiled lazily (V8's own advice for code
 * caching). Only cdktf, constructs and the bindings go through it: plain CommonJS, large and
 * pinned. V8 rejects a cache made by another V8 version or with other flags, or for a source of
 * another length (the entry's name adds the file's size and mtime); a rejected or missing cache
 * is compiled as usual and written again. Writing is atomic and any failure to read or write
 * only means no cache.
 */
function installCustomCache(dir: string): string {
  const loader = Module.prototype as unknown as Loader;
  const compile = loader._compile;
  const unsaved: { script: Script; file: string }[] = [];

  loader._compile = function (this: LoadedModule, content: string, filename: string, ...rest: unknown[]): unknown {
    if (!CACHED_PACKAGES.test(filename) || content.startsWith("#!")) return compile.call(this, content, filename, ...rest);
    const file = cacheFile(dir, filename);
    if (file === undefined) return compile.call(this, content, filename, ...rest);
    const cachedData = tryRead(file);
    let script: Script;
    try {
      script = new Script(Module.wrap(content), { filename, cachedData });
    } catch {
      return compile.call(this, content, filename, ...rest); // Node reports the syntax error its own way
    }
    if (!cachedData || script.cachedDataRejected) unsaved.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true }) as ModuleWrapper;
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };

  process.once("exit", () => {
    if (unsaved.length > 0) save(dir, unsaved);
  });
  return dir;
}

type EnableCompileCache = (dir: string) => { status: number; directory?: string };
const nodeEnableCompileCache = (): EnableCompileCache | undefined =>
  (Module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;

/** Node's own compile cache (`module.enableCompileCache`, Node >= 22.1) in `dir`; where Node lacks it, nothing. */
function enableNodeCompileCache(dir: string): string | undefined {
  const enable = nodeEnableCompileCache();
  if (typeof enable !== "function") return undefined;
  // FAILED (0) and DISABLED (3, NODE_DISABLE_COMPILE_CACHE) mean no cache; ALREADY_ENABLED (2,
  // NODE_COMPILE_CACHE) means Node's cache is on elsewhere, which is as good.
  const { status, directory } = enable.call(Module, dir);
  const constants = (Module as unknown as { constants?: { compileCacheStatus?: Record<string, number> } }).constants?.compileCacheStatus;
  if (status === constants?.FAILED || status === constants?.DISABLED) return undefined;
  return directory ?? dir;
}

/** Writes the new entries atomically and removes the ones they replace (an older file version). */
function save(dir: string, unsaved: readonly { script: Script; file: string }[]): void {
  try {
    const replaced = new Map(unsaved.map(({ file }) => [basename(file).split("-")[0]!, basename(file)]));
    for (const { script, file } of unsaved) {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, file);
    }
    for (const name of readdirSync(dir)) {
      const current = replaced.get(name.split("-")[0]!);
      if (current !== undefined && current !== name && !name.endsWith(".tmp")) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // a read-only or full disk: the next run compiles as usual
  }
}

let installed = false;

/** cdktf, constructs and the provider bindings, wherever node_modules is. */
const CACHED_PACKAGES = /[\\/]node_modules[\\/](cdktf|constructs|@cdktf[\\/]provider-[a-z]+)[\\/]/;

interface LoadedModule {
  exports: unknown;
  require(id: string): unknown;
}
type Loader = { _compile(this: LoadedModule, content: string, filename: string, ...rest: unknown[]): unknown };
type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: LoadedModule, filename: string, dirname: string) => unknown;
type ModuleInternals = {
  _resolveFilename(request: string, parent: LoadedModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: LoadedModule): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeModule>;
};

/** The `require` Node hands a CommonJS module, built from the same (long-stable) loader parts. */
function requireFor(module: LoadedModule): NodeJS.Require {
  const internals = Module as unknown as ModuleInternals;
  const moduleRequire = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => internals._resolveLookupPaths(request, module);
  moduleRequire.resolve = resolve;
  moduleRequire.main = require.main;
  moduleRequire.extensions = internals._extensions;
  moduleRequire.cache = internals._cache;
  return moduleRequire;
}

/**
 * One file per module, named `<hash of its path>-<size>-<mtime>`: V8's own check compares only
 * the source's length, so a changed file of the same length must not find its old entry.
 */
function cacheFile(dir: string, filename: string): string | undefined {
  try {
    const { size, mtimeMs } = statSync(filename);
    return join(dir, `${createHash("sha1").update(filename).digest("hex")}-${size}-${mtimeMs}`);
  } catch {
    return undefined;
  }
}

function tryRead(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
