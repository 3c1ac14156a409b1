import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

const read = (...path: string[]) => readFileSync(join(REPO_ROOT, ...path), "utf8");

// Supported Node lines: the current LTS lines (22, 24, 26), never an end-of-life one.
describe("supported Node versions", () => {
  const engines: string = JSON.parse(read("package.json")).engines.node;
  const lts = /^LTS_NODE=(\d+)$/m.exec(read(".ci", "run"))?.[1];

  it("engines names the LTS lines 22, 24 and 26 and nothing older", () => {
    expect(engines.split("||").map((r) => /\^(\d+)\./.exec(r.trim())?.[1])).toEqual(["22", "24", "26"]);
  });

  it("CI tests on the current LTS, and the generated pipeline runs the same line", () => {
    expect(lts).toBeDefined();
    expect(engines).toContain(`^${lts}.`);
    const versions = [...read(".github", "workflows", "realms.yml").matchAll(/node-version: "?(\d+)"?/g)].map((m) => m[1]);
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set([lts]));
  });
});
