import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_REALMS, REPO_ROOT } from "../helpers/paths";

// `npm install` builds dist/ (the `prepare` script); `npx realmkit` runs the package's bin from there.
describe("the installed realmkit command", () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
  const bin = join(REPO_ROOT, pkg.bin.realmkit);

  it("is built by npm install", () => {
    expect(existsSync(bin)).toBe(true);
  });

  const run = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, REALMKIT_REALMS: FIXTURE_REALMS },
      encoding: "utf8",
      timeout: 120_000,
    });

  it("runs from the built package with its version and validates the inventory", () => {
    expect(run(["--version"]).stdout.trim()).toBe(pkg.version);
    const validate = run(["validate"]);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toMatch(/realms valid/);
  });

  // The built layout differs from the source one (dist/bin, compiled JSON imports): every
  // command that reads files beside its code must find them there too.
  it("synthesizes, checks and reports from the built package", () => {
    const out = mkdtempSync(join(tmpdir(), "realmkit-installed-"));
    try {
      const synth = run(["synth", "--backend", "local", "--out", join(out, "cdktf.out")]);
      // Only its phase lines (progress goes to stderr in logs and pipes), no problem.
      expect(synth.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("realmkit synth: "))).toEqual([]);
      expect(synth.status).toBe(0);
      const policy = run(["policy", "--realm", "us2", "--format", "sarif"]);
      expect(policy.status).toBe(0);
      expect(JSON.parse(policy.stdout).runs[0].tool.driver.version).toBe(pkg.version);
      expect(JSON.parse(run(["policy", "--list", "--format", "json"]).stdout).length).toBeGreaterThanOrEqual(30);
      expect(run(["explain", "us2", "clouds[0].region"]).stdout).toContain("us-east-2");
      const workflow = join(out, "realms.yml");
      expect(run(["pipeline", "github", "--out", workflow]).status).toBe(0);
      expect(run(["pipeline", "github", "--out", workflow, "--check"]).status).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
