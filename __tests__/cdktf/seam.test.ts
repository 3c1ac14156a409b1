import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Runs `script` in a fresh Node (TypeScript through swc): its stdout and stderr. */
function node(script: string): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["-r", "@swc-node/register", "-e", script], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`exit ${r.status}:\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

const CDKTF = join(REPO_ROOT, "node_modules", "cdktf", "lib");
const seam = (file: string) => JSON.stringify(join(REPO_ROOT, "lib", "cdktf", file));

describe("the cdktf seam (lib/cdktf)", () => {
  it("is the only place the library, the CLI and the constructs import cdktf from", () => {
    const files = ["lib", "bin", "constructs"].flatMap((d) => sourceFiles(join(REPO_ROOT, d)));
    const offenders = files
      .filter((f) => !relative(REPO_ROOT, f).startsWith(join("lib", "cdktf")))
      .filter((f) => /(from\s+|require\(\s*|import\(\s*)["']cdktf(\/[^"']*)?["']/.test(readFileSync(f, "utf8")))
      .map((f) => relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });

  it("is where the tests reach cdktf too, but for the tests of cdktf internals the seam works around", () => {
    // The seam's own tests (__tests__/cdktf) and the creation-trace test test what cdktf itself
    // does, so they name it; the consumer example installs the package by name.
    const own = (f: string) =>
      f.startsWith(join("__tests__", "cdktf") + sep) ||
      f === join("__tests__", "stacks", "synth.test.ts") ||
      f.startsWith(join("__tests__", "consumer") + sep);
    const offenders = sourceFiles(join(REPO_ROOT, "__tests__"))
      .map((f) => relative(REPO_ROOT, f))
      .filter((f) => !own(f))
      .filter((f) => /(from\s+|require\(\s*|import\(\s*)["']cdktf(\/[^"']*)?["']/.test(readFileSync(join(REPO_ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  describe("util.isArray alias", () => {
    // If this fails, cdktf no longer calls util.isArray: delete lib/cdktf/util-is-array.ts.
    it("is still needed: cdktf's TerraformOutput calls util.isArray", () => {
      expect(readFileSync(join(CDKTF, "terraform-output.js"), "utf8")).toMatch(/\butil_\d+\.isArray\)/);
    });

    it("makes util.isArray Array.isArray once the seam is loaded, so outputs synthesize without a warning", () => {
      const { stdout, stderr } = node(`
        const { App, TerraformOutput, TerraformStack } = require(${seam("index.ts")});
        const app = new App({ outdir: require("node:os").tmpdir() + "/realmkit-isarray-" + process.pid, skipValidation: true });
        const stack = new TerraformStack(app, "s");
        new TerraformOutput(stack, "o", { value: { a: 1 } });
        process.stdout.write(String(require("node:util").isArray === Array.isArray) + JSON.stringify(stack.toTerraform().output));
        require("node:fs").rmSync(app.outdir, { recursive: true, force: true });`);
      expect(stderr).toBe("");
      expect(stdout).toBe('true{"o":{"value":{"a":1}}}');
    });
  });
  describe("skipped preparing pass (independent-stack.ts)", () => {
    // If this fails, cdktf's App.synth no longer calls prepareStack: the pass is no longer
    // skipped (or no longer exists); re-measure and delete lib/cdktf/independent-stack.ts if so.
    it("is reached: App.synth calls prepareStack on every stack, and the override skips the resolve pass", () => {
      const { stdout } = node(`
        const { App } = require(${seam("index.ts")});
        const { IndependentStack } = require(${seam("independent-stack.ts")});
        const tokens = require("cdktf/lib/_tokens");
        const calls = { prepare: 0, preparing: 0 };
        const resolve = tokens.resolve;
        tokens.resolve = (scope, obj, preparing) => { if (preparing) calls.preparing++; return resolve(scope, obj, preparing); };
        const outdir = require("node:os").tmpdir() + "/realmkit-prepare-" + process.pid;
        class Probe extends IndependentStack { prepareStack() { calls.prepare++; super.prepareStack(); } }
        const app = new App({ outdir, skipValidation: true });
        new Probe(app, "a");
        const b = new Probe(app, "b");
        b.crossStackReferences = true;
        app.synth();
        require("node:fs").rmSync(outdir, { recursive: true, force: true });
        process.stdout.write(JSON.stringify(calls));`);
      const calls = JSON.parse(stdout);
      expect(calls.prepare).toBe(2);
      // Only stack b (crossStackReferences) ran the preparing resolve: cdktf still resolves
      // through lib/_tokens resolve(scope, obj, preparing = true) there.
      expect(calls.preparing).toBeGreaterThan(0);
    });
  });
});
