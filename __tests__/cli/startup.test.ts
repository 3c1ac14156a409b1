import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths";

describe("CLI start-up", () => {
  // validate, list and explain only read YAML: loading cdktf, the provider bindings or the
  // guardrails for them would triple their start-up. The commands that need those load them on use.
  it("registers every command without loading cdktf, the provider bindings or the guardrail rules", () => {
    const probe = `require(${JSON.stringify(join(REPO_ROOT, "bin", "commands", "index.ts"))});
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    const result = spawnSync(process.execPath, ["-r", "@swc-node/register", "-e", probe], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    const loaded = JSON.parse(result.stdout) as string[];
    expect(loaded.some((f) => f.includes(join("bin", "commands", "synth.ts")))).toBe(true);
    const heavy = loaded.filter((f) => /node_modules[\\/](cdktf|@cdktf)[\\/]|lib[\\/]policy[\\/]rules[\\/]/.test(f));
    expect(heavy).toEqual([]);
  });
});
