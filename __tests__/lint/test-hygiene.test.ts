import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

const jestBin = join(REPO_ROOT, "node_modules", "jest", "bin", "jest.js");

describe("snapshots are never written unreviewed in CI", () => {
  test("the README's test command (npm test, which .ci/run runs) passes --ci to jest", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toMatch(/^jest --ci\b/);
    expect(readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8")).toMatch(/^capped npm test -- /m);
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

/** The argument list of each call of `name(` in `source`, by matching parentheses. */
function calls(source: string, name: RegExp): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  for (const m of source.matchAll(new RegExp(`\\b(?:${name.source})\\(`, "g"))) {
    let i = m.index + m[0].length;
    for (let depth = 1; depth > 0 && i < source.length; i++) depth += source[i] === "(" ? 1 : source[i] === ")" ? -1 : 0;
    found.push({ line: source.slice(0, m.index).split("\n").length, text: source.slice(m.index, i) });
  }
  return found;
}

describe("no test can hold CI", () => {
  // A synchronous child blocks jest's own timer: one npm that never answered kept a CI run
  // waiting until its 90 minutes were gone. Every such call carries its own timeout.
  test("every spawnSync / execFileSync / execSync in the tests passes a timeout", () => {
    const files = (readdirSync(join(REPO_ROOT, "__tests__"), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
    const unbounded = files.flatMap((file) =>
      calls(readFileSync(join(REPO_ROOT, "__tests__", file), "utf8"), /spawnSync|execFileSync|execSync/)
        .filter((c) => !/\btimeout\b/.test(c.text))
        .map((c) => `__tests__/${file}:${c.line}`),
    );
    expect(unbounded).toEqual([]);
  });
});
