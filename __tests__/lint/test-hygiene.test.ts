import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

const jestBin = join(REPO_ROOT, "node_modules", "jest", "bin", "jest.js");

describe("snapshots are never written unreviewed in CI", () => {
  test("the README's test command (npm test, which .ci/run runs) passes --ci to jest", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toMatch(/^jest --ci\b/);
    expect(readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8")).toMatch(/^npm test -- /m);
  });

  test("jest --ci fails on a missing snapshot and writes none", () => {
    const dir = mkdtempSync(join(tmpdir(), "realmkit-jest-ci-"));
    try {
      writeFileSync(join(dir, "new.test.js"), 'test("a new stack", () => { expect({ resource: 1 }).toMatchSnapshot(); });\n');
      const run = (args: string[]) =>
        spawnSync(process.execPath, [jestBin, "--rootDir", dir, "--config", JSON.stringify({ testEnvironment: "node" }), ...args], {
          cwd: dir,
          encoding: "utf8",
          timeout: 60_000,
        });
      const ci = run(["--ci"]);
      expect(ci.status).toBe(1);
      expect(ci.stderr).toMatch(/New snapshot was not written/);
      expect(existsSync(join(dir, "__snapshots__"))).toBe(false);
      // Without --ci (a developer reviewing a new realm), jest writes it.
      expect(run(["--ci=false"]).status).toBe(0);
      expect(existsSync(join(dir, "__snapshots__", "new.test.js.snap"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
