import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

const FOLDERS = ["bin", "lib", "constructs", "__tests__", "bench"];
const files = FOLDERS.flatMap((f) => {
  try {
    return sourceFiles(join(REPO_ROOT, f));
  } catch {
    return [];
  }
});

describe("imports", () => {
  // The package roots re-export every resource: 1-3 s and ~500 MB per provider on each synth.
  it("import provider bindings only by deep path", () => {
    const rootImport = /(from\s+|require\(\s*)["']@cdktf\/provider-(aws|google|azurerm)["']/;
    const offenders = files.filter((f) => rootImport.test(readFileSync(f, "utf8"))).map((f) => relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });

  // constructs/ is the library other repos import: it must take everything through props.
  it("keep constructs free of file, environment and process access", () => {
    const forbidden = /(from\s+["']node:(fs|child_process)["']|process\.(env|argv|exit|stdout|stderr))/;
    const offenders = files
      .filter((f) => relative(REPO_ROOT, f).startsWith("constructs"))
      .filter((f) => forbidden.test(readFileSync(f, "utf8")))
      .map((f) => relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });

  it("keep provider-specific code out of lib/config", () => {
    const offenders = files
      .filter((f) => relative(REPO_ROOT, f).startsWith(join("lib", "config")))
      .filter((f) => /@cdktf\/provider-|from\s+["']\.\.\/model/.test(readFileSync(f, "utf8")))
      .map((f) => relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });

  it("finds the source files it checks", () => {
    expect(files.length).toBeGreaterThan(20);
  });
});
