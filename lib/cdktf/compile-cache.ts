import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

/**
 * A V8 code cache for cdktf, constructs and the provider bindings: the 20 MB of JavaScript that
 * every synth, plan and rollout compiles before it does anything.
 *
 * Node 20 has no compile cache of its own, and a cache made when a module is compiled (as
 * `v8-compile-cache` makes it) holds only the few functions V8 compiles eagerly. This one is
 * made when the process exits, so it also holds every function the run compiled lazily (V8's
 * own advice for code caching). 100 realms synthesize about 0.15 s sooner once the cache is
 * warm; the run that fills it is about 0.3 s slower.
 *
 * Only those packages go through it: they are plain CommonJS, large and pinned. V8 rejects a
 * cache made by another V8 version or with other flags, or for a source of another length (the
 * entry's name adds the file's size and mtime); a rejected or missing cache is compiled as usual
 * and written again. Writing is atomic and any
 * failure to read or write only means no cache. `REALMKIT_COMPILE_CACHE=off` turns it off;
 * `REALMKIT_COMPILE_CACHE_DIR` moves it (default: `$XDG_CACHE_HOME` or `~/.cache`, then
 * `realmkit/v8-<node version>-<arch>`).
 */
export function installCompileCache(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REALMKIT_COMPILE_CACHE === "off" || installed) return undefined;
  const dir = env.REALMKIT_COMPILE_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "realmkit", `v8-${process.version}-${process.arch}`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return undefined;
  }
  installed = true;
  if (env.REALMKIT_COMPILE_CACHE === "node") return enableNodeCompileCache(dir);
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

/**
 * Node's own compile cache (`module.enableCompileCache`, Node >= 22.1), for every module, in
 * `dir`. Chosen with REALMKIT_COMPILE_CACHE=node; where Node lacks it, nothing is cached.
 */
function enableNodeCompileCache(dir: string): string | undefined {
  const enable = (Module as unknown as { enableCompileCache?: (dir: string) => { status: number } }).enableCompileCache;
  if (typeof enable !== "function") return undefined;
  enable(dir);
  return dir;
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
  const resolve = ((request: string, options?: { paths?: string[] }) => internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
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
