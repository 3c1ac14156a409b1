import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
const entry = (subpath: string): string => join(REPO_ROOT, pkg.exports[subpath].default);

/** Requires a built entry point in a fresh Node: the bindings it loaded, its module count and time. */
function load(subpath: string): { bindings: string[]; modules: number; ms: number; names: string[] } {
  const probe = `const t = performance.now(); const m = require(${JSON.stringify(entry(subpath))}); const ms = performance.now() - t;
    const files = Object.keys(require.cache);
    const bindings = [...new Set(files.flatMap((f) => /node_modules[\\\\/]@cdktf[\\\\/](provider-[a-z]+)/.exec(f)?.[1] ?? []))];
    process.stdout.write(JSON.stringify({ bindings, modules: files.length, ms, names: Object.keys(m) }));`;
  const result = spawnSync(process.execPath, ["-e", probe], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

// Other repos import `realmkit`, `realmkit/constructs` and one cloud's `realmkit/<cloud>`:
// every entry point the package declares (for Node and for TypeScript, old and new module
// resolution) must exist once built, and load no binding of a cloud the consumer did not pick.
describe("the package's entry points", () => {
  it("resolve at run time to the library, the neutral construct props and each cloud's constructs", () => {
    const lib = require(entry("."));
    expect(typeof lib.loadInventory).toBe("function");
    expect(typeof lib.RealmStack).toBe("function");
    expect(typeof require(entry("./constructs")).keyPeriods).toBe("function");
    const clouds: Record<string, string[]> = {
      "./aws": ["AwsDatabase", "AwsNetwork", "AwsKeys", "AwsStorage", "AwsCluster"],
      "./gcp": ["GcpDatabase", "GcpNetwork", "GcpCluster"],
      "./azure": ["AzureDatabase", "AzureStorage", "AzureNetwork"],
    };
    for (const [subpath, names] of Object.entries(clouds)) {
      const mod = require(entry(subpath));
      for (const name of names) expect(typeof mod[name]).toBe("function");
      expect(typeof mod.keyPeriods).toBe("function");
    }
  });

  it("ship type declarations for every entry point", () => {
    const declared = [
      pkg.types,
      ...Object.values(pkg.exports as Record<string, { types?: string }>).flatMap((e) =>
        typeof e === "object" && e.types ? [e.types] : [],
      ),
      ...Object.values(pkg.typesVersions["*"] as Record<string, string[]>).flat(),
    ];
    for (const file of declared) expect(existsSync(join(REPO_ROOT, file))).toBe(true);
  });

  // Loose bounds: they catch an entry that starts loading bindings (each binding adds 40+
  // modules and 0.1-0.3 s), not a few milliseconds. `npm run bench` prints the figures.
  it("the root entry and the neutral props load no provider binding", () => {
    const root = load(".");
    expect(root.bindings).toEqual([]);
    expect(root.modules).toBeLessThan(900);
    expect(root.ms).toBeLessThan(3000);
    const neutral = load("./constructs");
    expect(neutral.bindings).toEqual([]);
    expect(neutral.modules).toBeLessThan(50);
  });

  it("each cloud's entry loads its own binding only", () => {
    expect(load("./aws").bindings).toEqual(["provider-aws"]);
    expect(load("./gcp").bindings).toEqual(["provider-google"]);
    expect(load("./azure").bindings).toEqual(["provider-azurerm"]);
  });

  it("is publishable and ships the code and the schema, never the company's inventory", () => {
    expect(pkg.private).toBeUndefined();
    const pack = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 240_000,
    });
    expect(pack.status).toBe(0);
    const files = (JSON.parse(pack.stdout)[0].files as { path: string }[]).map((f) => f.path);
    expect(files).toContain("dist/lib/config/realm.schema.json");
    expect(files).toContain("dist/constructs/aws.js");
    expect(files).toContain("dist/bin/realmkit.js");
    expect(files).toContain("LICENSE");
    expect(files.filter((f) => /^(realms|lib|constructs|bin|__tests__|examples)\//.test(f) || f.endsWith(".map"))).toEqual([]);
  });

  it("declares cdktf and constructs as peers and each provider binding as an optional peer", () => {
    expect(Object.keys(pkg.dependencies)).not.toEqual(expect.arrayContaining(["cdktf"]));
    for (const name of Object.keys(pkg.peerDependencies)) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]?.optional ?? false).toBe(name.startsWith("@cdktf/provider-"));
    }
    expect(Object.keys(pkg.peerDependencies)).toEqual(
      expect.arrayContaining(["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-azurerm"]),
    );
  });
});
