import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

// `npm install` builds dist/ (the `prepare` script); `npx realmkit` runs the package's bin from there.
describe("the installed realmkit command", () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
  const bin = join(REPO_ROOT, pkg.bin.realmkit);

  it("is built by npm install", () => {
    expect(existsSync(bin)).toBe(true);
  });

  it("runs from the built package with its version and validates the inventory", () => {
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(run(["--version"]).stdout.trim()).toBe(pkg.version);
    const validate = run(["validate"]);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toMatch(/realms valid/);
  });
});
