import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateInventory } from "../../bench/inventory";
import { loadInventory } from "../../lib/model/inventory";
import { synthesize } from "../../lib/stacks/synth";
import { withoutTokenStackTraces } from "../../lib/stacks/token-traces";
import { SAMPLE_REALMS } from "../helpers/paths";

describe("synthesize", () => {
  let inventoryDir: string;
  let work: string;
  beforeAll(() => {
    inventoryDir = generateInventory(SAMPLE_REALMS, 30); // more realms than one cdktf App batch holds
    work = mkdtempSync(join(tmpdir(), "realmkit-synth-"));
  });
  afterAll(() => {
    rmSync(inventoryDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it("writes every stack of every batch and one manifest listing them all", () => {
    const inventory = loadInventory(inventoryDir);
    const out = join(work, "out");
    const stacks = synthesize(inventory, { backend: "local", outdir: out });
    const expected = inventory.realms.flatMap((r) => r.targets.map((t) => t.stackId)).sort();
    expect(stacks.map((s) => s.stackId).sort()).toEqual(expected);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(expected);
    for (const s of stacks) {
      expect(existsSync(s.file)).toBe(true);
      expect(readFileSync(s.file, "utf8")).not.toContain("TfToken[");
    }
  });
});

describe("withoutTokenStackTraces", () => {
  it("keeps the stacks of real errors and restores the previous hook", () => {
    const before = Error.prepareStackTrace;
    const err = withoutTokenStackTraces(() => new Error("boom"));
    expect(err.stack).toMatch(/^Error: boom\n\s+at /);
    const plain = withoutTokenStackTraces(() => {
      const o = { stack: "" };
      Error.captureStackTrace(o);
      return o.stack;
    });
    expect(plain).toBe("");
    expect(Error.prepareStackTrace).toBe(before);
  });
});
