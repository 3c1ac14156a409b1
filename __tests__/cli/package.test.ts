import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

// Other repos import `realmkit` and `realmkit/constructs`: every entry point the package
// declares (for Node and for TypeScript, old and new module resolution) must exist once built.
describe("the package's entry points", () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));

  it("resolve at run time to the library and the construct library", () => {
    const lib = require(join(REPO_ROOT, pkg.exports["."].default));
    const constructs = require(join(REPO_ROOT, pkg.exports["./constructs"].default));
    expect(typeof lib.loadInventory).toBe("function");
    expect(typeof lib.RealmStack).toBe("function");
    for (const name of ["AwsDatabase", "GcpDatabase", "AzureDatabase", "AwsNetwork", "GcpCluster", "AzureStorage"]) {
      expect(typeof constructs[name]).toBe("function");
    }
  });

  it("ship type declarations for every entry point", () => {
    const declared = [
      pkg.types,
      ...Object.values(pkg.exports as Record<string, { types?: string }>).flatMap((e) => (typeof e === "object" && e.types ? [e.types] : [])),
      ...Object.values(pkg.typesVersions["*"] as Record<string, string[]>).flat(),
    ];
    for (const file of declared) expect(existsSync(join(REPO_ROOT, file))).toBe(true);
  });
});
