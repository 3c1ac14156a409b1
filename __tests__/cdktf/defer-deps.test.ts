import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

/** Runs `script` in a fresh Node with the deferral installed; returns what it printed. */
function runDeferred(script: string): unknown {
  const body = `require(${JSON.stringify(join(REPO_ROOT, "lib", "cdktf", "defer-deps.ts"))}).deferCdktfDependencies();\n${script}`;
  const result = spawnSync(process.execPath, ["-r", "@swc-node/register", "-e", body], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

const loadedPackages = `Object.keys(require.cache).map((f) => /node_modules[\\\\/]cdktf[\\\\/]node_modules[\\\\/](archiver|semver|lodash|readable-stream)[\\\\/]/.exec(f)?.[1]).filter(Boolean)`;

describe("cdktf's unused dependencies load on first use", () => {
  it("loads cdktf without archiver and semver, and semver when a version check needs it", () => {
    const out = runDeferred(`
      require("cdktf");
      const before = ${loadedPackages};
      const { ValidateBinaryVersion } = require("cdktf/lib/validations/validate-binary-version");
      const check = (range) => new ValidateBinaryVersion("node", range, JSON.stringify(process.execPath) + " --version").validate();
      process.stdout.write(JSON.stringify({ before, ok: check(">=1.0.0"), tooOld: check(">=999.0.0"), after: [...new Set(${loadedPackages})] }));`) as Record<
      string,
      string[]
    >;
    expect(out.before).toEqual([]);
    expect(out.ok).toEqual([]);
    expect(out.tooOld).toEqual([expect.stringContaining("is lower than the required version >=999.0.0")]);
    expect(out.after).toEqual(["semver"]);
  });

  it("still zips a directory asset (cdktf zips in a child process of its own)", () => {
    const dir = mkdtempSync(join(tmpdir(), "realmkit-defer-"));
    try {
      writeFileSync(join(dir, "handler.py"), "def handler(event, context):\n    return event\n");
      runDeferred(`
        const { App, TerraformStack, TerraformAsset, AssetType } = require("cdktf");
        const app = new App({ outdir: ${JSON.stringify(join(dir, "out"))} });
        const stack = new TerraformStack(app, "assets");
        new TerraformAsset(stack, "code", { path: ${JSON.stringify(dir)}, type: AssetType.ARCHIVE });
        app.synth();
        process.stdout.write("{}");`);
      const assets = join(dir, "out", "stacks", "assets", "assets");
      const zips = readdirSync(assets, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".zip"));
      expect(zips).toHaveLength(1);
      expect(readFileSync(join(assets, zips[0]!)).subarray(0, 2).toString()).toBe("PK");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
