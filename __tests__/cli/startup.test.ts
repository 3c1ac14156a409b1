import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, FIXTURE_REALMS } from "../helpers/paths";

/** Runs `script` in a fresh Node (TypeScript through swc) and returns the modules it loaded. */
function modulesLoadedBy(script: string): string[] {
  const probe = `${script}\nprocess.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const result = spawnSync(process.execPath, ["-r", "@swc-node/register", "-e", probe], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as string[];
}

const source = (...path: string[]) => JSON.stringify(join(REPO_ROOT, ...path));

describe("what the CLI loads, and when", () => {
  // validate, list and explain only read YAML: loading cdktf, the provider bindings or the
  // guardrails for them would triple their start-up. The commands that need those, or progress
  // display and the init lock, load them on use.
  it("registers every command without loading cdktf, the bindings, the guardrail rules, listr2 or the lock", () => {
    const loaded = modulesLoadedBy(`require(${source("bin", "program.ts")}).buildProgram();`);
    expect(loaded.some((f) => f.includes(join("bin", "commands", "synth.ts")))).toBe(true);
    const heavy = loaded.filter((f) => /node_modules[\\/](cdktf|@cdktf|listr2|proper-lockfile)[\\/]|lib[\\/]policy[\\/]rules[\\/]/.test(f));
    expect(heavy).toEqual([]);
  });

  it("a run loads the command it runs, not the others; help and unknown names see every command", () => {
    const loaded = modulesLoadedBy(
      `require(${source("bin", "program.ts")}).buildProgram(["node", "realmkit", "validate", "--realms", "x"]);`,
    );
    const commandFiles = loaded.filter((f) => f.includes(join("bin", "commands", ""))).map((f) => f.split(/[\\/]/).pop());
    expect(commandFiles.sort()).toEqual(["index.ts", "validate.ts"]);
    const { buildProgram } = require("../../bin/program") as typeof import("../../bin/program");
    const { commands } = require("../../bin/commands") as typeof import("../../bin/commands");
    const names = (argv?: string[]) => buildProgram(argv).commands.map((c) => c.name());
    expect(names()).toEqual(commands.map((c) => c.name));
    for (const argv of [["help", "synth"], ["--help"], ["--version"], ["synht"], []])
      expect(names(["node", "realmkit", ...argv])).toEqual(names());
    for (const { name } of commands) expect(names(["node", "realmkit", name, "--help"])).toEqual([name]);
  });

  it("validates realms with the precompiled schema, without loading the ajv compiler", () => {
    const loaded = modulesLoadedBy(`require(${source("lib", "model", "inventory.ts")}).loadInventory(${JSON.stringify(FIXTURE_REALMS)});`);
    expect(loaded.some((f) => f.includes("realm-validator.generated"))).toBe(true);
    expect(loaded.filter((f) => /node_modules[\\/]ajv[\\/]dist[\\/](core|ajv|compile[\\/])/.test(f))).toEqual([]);
  });

  it("synthesizes an inventory on one cloud without loading the other clouds' bindings", () => {
    const out = mkdtempSync(join(tmpdir(), "realmkit-startup-"));
    try {
      const loaded = modulesLoadedBy(`
        const inventory = require(${source("lib", "model", "inventory.ts")}).loadInventory(${JSON.stringify(FIXTURE_REALMS)});
        const realms = inventory.realms.filter((r) => r.targets.every((t) => t.provider === "aws"));
        require(${source("lib", "stacks", "synth.ts")}).synthesizeStacks({ ...inventory, realms }, { backend: "local" }, ${JSON.stringify(out)});`);
      const bindings = (provider: string) => loaded.filter((f) => f.includes(join("node_modules", "@cdktf", `provider-${provider}`)));
      expect(bindings("aws").length).toBeGreaterThan(0);
      expect(bindings("google")).toEqual([]);
      expect(bindings("azurerm")).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
