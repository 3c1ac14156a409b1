import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateInventory } from "../../bench/inventory";
import { loadInventory } from "../../lib/model/inventory";
import { App, Testing } from "../../lib/cdktf";
import { addRealmStacks, stackFile, synthesize, type SynthesizedStack } from "../../lib/stacks/synth";
import { withoutTokenStackTraces } from "../../lib/cdktf/token-traces";
import { FIXTURE_REALMS } from "../helpers/paths";

describe("synthesize", () => {
  let inventoryDir: string;
  let work: string;
  beforeAll(() => {
    inventoryDir = generateInventory(FIXTURE_REALMS, 30); // more realms than one cdktf App batch holds
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

  it("hands each batch's written documents to afterBatch, and keeps none once the batch is checked", () => {
    const inventory = loadInventory(inventoryDir);
    const out = join(work, "gated");
    const batches: (readonly SynthesizedStack[])[] = [];
    let staged: readonly SynthesizedStack[] = [];
    const stacks = synthesize(inventory, {
      backend: "local",
      outdir: out,
      afterBatch: (b) => batches.push(b),
      beforeCommit: (s) => (staged = s),
    });
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat().map((s) => s.stackId)).toEqual(stacks.map((s) => s.stackId));
    for (const s of batches.flat()) expect(s.json).toEqual(JSON.parse(readFileSync(stackFile(out, s.stackId), "utf8")));
    expect([...staged, ...stacks].every((s) => s.json === undefined)).toBe(true);
  });
});

describe("withoutTokenStackTraces", () => {
  const cdktfTraces = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] };

  it("switches cdktf's token creation traces off for the call only, and keeps real errors' stacks", () => {
    const original = cdktfTraces.captureStackTrace;
    expect(original().length).toBeGreaterThan(0);
    const inside = withoutTokenStackTraces(() => ({ traces: cdktfTraces.captureStackTrace(), error: new Error("boom") }));
    expect(inside.traces).toEqual([]);
    expect(inside.error.stack).toMatch(/^Error: boom\n\s+at /);
    expect(cdktfTraces.captureStackTrace).toBe(original);
  });

  it("restores cdktf's function when the body throws", () => {
    const original = cdktfTraces.captureStackTrace;
    expect(() =>
      withoutTokenStackTraces(() => {
        throw new Error("synthesis failed");
      }),
    ).toThrow("synthesis failed");
    expect(cdktfTraces.captureStackTrace).toBe(original);
  });
});

describe("RealmStack", () => {
  // Realm stacks skip cdktf's preparing pass (it only serves cross-stack references): what they
  // write must not change by it.
  it("synthesizes every sample stack the same with and without cdktf's preparing pass", () => {
    const inventory = loadInventory(FIXTURE_REALMS);
    const synth = (prepare: boolean) => {
      const app = Testing.app();
      return addRealmStacks(app as App, inventory, { backend: "remote" }).map((stack) => {
        stack.crossStackReferences = prepare;
        stack.prepareStack();
        return JSON.stringify(stack.toTerraform());
      });
    };
    expect(synth(false)).toEqual(synth(true));
  });
});
