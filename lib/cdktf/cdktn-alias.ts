import Module from "node:module";
import { join } from "node:path";

/**
 * Runs Realmkit on CDK Terrain without changing a line of it: every `require` of `cdktf`,
 * `cdktf/...`, `@cdktf/provider-<name>/...` and `constructs` resolves to `cdktn`, `cdktn/...`,
 * `@cdktn/provider-<name>/...` and `constructs` installed under `home` (a folder with a
 * node_modules). A binding cdktn lacks (no
 * `@cdktn/provider-google` exists yet) stays cdktf's own, itself running on cdktn then.
 *
 * Used by `npm run compare:cdktn` (scripts/compare-cdktn.ts) through `cdktn-preload.ts`; the
 * real move to cdktn changes the package names in this folder and the bindings' deep imports.
 * Touches: `Module._resolveFilename` (process-wide, from the call on).
 * Test: the comparison itself (it fails unless every stack synthesizes on cdktn).
 * Delete when: Realmkit depends on cdktn directly.
 */
export function aliasCdkTerrain(home: string): void {
  const internals = Module as unknown as Resolver;
  const resolve = internals._resolveFilename;
  const modules = join(home, "node_modules");
  const fromHome = (request: string, parent: unknown, isMain: boolean, options?: object): string | undefined => {
    try {
      return resolve.call(Module, request, parent, isMain, { ...options, paths: [modules] });
    } catch {
      return undefined;
    }
  };
  internals._resolveFilename = function (request: string, parent: unknown, isMain: boolean, options?: object): string {
    const mapped = mapRequest(request);
    if (mapped !== undefined) {
      const found = fromHome(mapped, parent, isMain, options);
      if (found !== undefined) return found;
    }
    return resolve.call(this, request, parent, isMain, options);
  };
}

/** The cdktn name of a cdktf-world request, or undefined for any other module. */
export function mapRequest(request: string): string | undefined {
  if (request === "cdktf" || request.startsWith("cdktf/")) return `cdktn${request.slice("cdktf".length)}`;
  if (request.startsWith("@cdktf/provider-")) return `@cdktn/${request.slice("@cdktf/".length)}`;
  if (request === "constructs" || request.startsWith("constructs/")) return request;
  return undefined;
}

type Resolver = { _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: object): string };
