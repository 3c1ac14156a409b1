import Module from "node:module";
import { sep } from "node:path";

/**
 * Defers two dependencies that cdktf's index loads and that a Realmkit process never calls:
 * together they are half of cdktf's load time (50 of 100 ms, on every synth, plan and rollout).
 *
 * - `archiver` (and lodash, readable-stream, glob and a dozen more under it) zips directory
 *   assets, but cdktf runs the zipping in a child process of its own (`node private/fs.js`),
 *   which loads archiver normally.
 * - `semver` compares the terraform binary's version for import blocks, moved blocks and
 *   `terraform_data`.
 *
 * Only those two requires, from those two cdktf files, get a stand-in that loads the real
 * module on first use; every other require goes through untouched. Were cdktf to move them,
 * nothing would match and they would simply load as before.
 */
export function deferCdktfDependencies(): void {
  if (installed) return;
  installed = true;
  const internals = Module as unknown as Loader;
  const load = internals._load;
  internals._load = function (this: unknown, request: string, parent: ParentModule | undefined, isMain: boolean): unknown {
    const from = DEFERRED[request];
    if (from === undefined || !parent?.filename.endsWith(from)) return load.call(this, request, parent, isMain);
    return onFirstUse(() => load.call(this, request, parent, isMain) as object);
  };
}

let installed = false;

/** Each deferred request and the cdktf file it is deferred for. */
const DEFERRED: Readonly<Record<string, string>> = {
  archiver: ["cdktf", "lib", "private", "fs.js"].join(sep),
  semver: ["cdktf", "lib", "validations", "validate-binary-version.js"].join(sep),
};

interface ParentModule {
  readonly filename: string;
}
type Loader = { _load(request: string, parent: ParentModule | undefined, isMain: boolean): unknown };

/**
 * Stands in for a module (an object or, as archiver, a function): the first property read or
 * call loads it. The target is an arrow function so that calls reach the trap and no
 * non-configurable `prototype` constrains what `get` may return.
 */
function onFirstUse(load: () => object): object {
  let real: object | undefined;
  const module = () => (real ??= load());
  return new Proxy(() => undefined, {
    apply: (_target, self, args) => Reflect.apply(module() as (...a: unknown[]) => unknown, self, args),
    get: (_target, key) => Reflect.get(module(), key),
    has: (_target, key) => Reflect.has(module(), key),
  });
}
