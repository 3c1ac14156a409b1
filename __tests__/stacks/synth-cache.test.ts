import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { codeFingerprint } from "../../lib/cache/fingerprint";
import { keyOf } from "../../lib/cache/key";
import { loadInventory } from "../../lib/model/inventory";
import { synthesize } from "../../lib/stacks/synth";
import { FLEET_STACK_ID, synthesizeFleetStack } from "../../lib/stacks/fleet-observability";
import { checkFleetStack } from "../../lib/observability/fleet-check";
import { SynthCache } from "../../lib/stacks/synth-cache";
import type { StackOptions } from "../../lib/stacks/kit";
import { REPO_ROOT, FIXTURE_REALMS } from "../helpers/paths";

/** Every file of a folder, by relative path, as bytes. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function expectSameTrees(ta: Map<string, Buffer>, tb: Map<string, Buffer>): void {
  expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
  for (const [path, bytes] of ta) expect({ path, same: bytes.equals(tb.get(path)!) }).toEqual({ path, same: true });
}

/** Flips one byte near the end of every entry of `dir` (inside the document, past the header). */
function damageEntries(dir: string): void {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10] === 0x20 ? 0x21 : 0x20;
    writeFileSync(file, bytes);
  }
}

const expectSameBytes = (a: string, b: string) => expectSameTrees(tree(a), tree(b));

describe("synth cache", () => {
  let work: string;
  let inventory: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), "realmkit-synth-cache-"));
    inventory = join(work, "realms");
    cpSync(FIXTURE_REALMS, inventory, { recursive: true });
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const run = (cache: SynthCache | undefined, name: string, options: StackOptions = { backend: "local" }) => {
    const outdir = join(work, name);
    const stacks = synthesize(loadInventory(inventory, undefined, cache?.realms), { ...options, outdir, cache });
    return { outdir, stacks, reused: cache?.reused ?? 0 };
  };
  const newCache = (fingerprint?: string) => new SynthCache({ dir: join(work, "cache"), env: {}, fingerprint });
  const edit = (file: string, from: string | RegExp, to: string) => {
    const path = join(inventory, file);
    const text = readFileSync(path, "utf8");
    const next = text.replace(from, to);
    expect(next).not.toBe(text);
    writeFileSync(path, next);
  };

  test.each(["local", "remote"] as const)(
    "every sample stack (backend %s): cold and warm hits are byte for byte a synthesis without the cache",
    (backend) => {
      const fresh = run(undefined, "fresh", { backend });
      const cold = run(newCache(), "cold", { backend });
      expect(cold.reused).toBe(0);
      const warm = run(newCache(), "warm", { backend });
      expect(warm.reused).toBe(fresh.stacks.length);
      expect(fresh.stacks.length).toBeGreaterThanOrEqual(9);
      expectSameBytes(fresh.outdir, cold.outdir);
      expectSameBytes(fresh.outdir, warm.outdir);
    },
  );

  test("an edit to one realm rebuilds exactly that realm's stacks, and the output equals a fresh synth", () => {
    run(newCache(), "cold");
    edit("us3.yaml", 'cost-center: "4712"', 'cost-center: "0815"');
    const cache = newCache();
    const warm = run(cache, "warm");
    const rebuilt = warm.stacks.filter((s) => !(s as { cached?: boolean }).cached).map((s) => s.stackId);
    expect(rebuilt).toEqual(
      loadInventory(inventory)
        .realms.find((r) => r.id === "us3")!
        .targets.map((t) => t.stackId),
    );
    expectSameBytes(run(undefined, "fresh").outdir, warm.outdir);
  });

  test("an edit to a layer rebuilds the realms whose configuration it changes, and only those", () => {
    run(newCache(), "cold");
    edit("_layers/staging.yaml", "logRetentionDays: 30", "logRetentionDays: 400");
    const warm = run(newCache(), "warm");
    const rebuilt = new Set(warm.stacks.filter((s) => !(s as { cached?: boolean }).cached).map((s) => s.realm));
    expect([...rebuilt]).toEqual(["stg1"]);
    expectSameBytes(run(undefined, "fresh").outdir, warm.outdir);
  });

  test("options and output-changing environment values are part of every key", () => {
    run(newCache(), "cold", { backend: "local" });
    expect(run(newCache(), "remote", { backend: "remote" }).reused).toBe(0);
    expect(run(newCache(), "offline", { backend: "local", offline: true }).reused).toBe(0);
    const withContext = new SynthCache({ dir: join(work, "cache"), env: { CDKTF_CONTEXT_JSON: '{"x":1}' } });
    expect(run(withContext, "context").reused).toBe(0);
    // CDKTF_OUTDIR only says where the output goes.
    const elsewhere = new SynthCache({ dir: join(work, "cache"), env: { CDKTF_OUTDIR: "/tmp/other" } });
    expect(run(elsewhere, "elsewhere").reused).toBeGreaterThan(0);
  });

  test("a construct file or the lockfile changes the code fingerprint, and with it every key", () => {
    const copy = join(work, "code");
    for (const f of ["lib", "constructs", "bin"]) cpSync(join(REPO_ROOT, f), join(copy, f), { recursive: true });
    for (const f of ["package.json", "package-lock.json", "tsconfig.json"]) cpSync(join(REPO_ROOT, f), join(copy, f));
    const roots = { codeRoot: copy, packageRoot: copy };
    const base = codeFingerprint(roots);
    expect(codeFingerprint(roots)).toBe(base);
    const construct = join(copy, "constructs", "storage", "aws.ts");
    writeFileSync(construct, `${readFileSync(construct, "utf8")}\n// an edit\n`);
    const afterConstruct = codeFingerprint(roots);
    expect(afterConstruct).not.toBe(base);
    const lock = join(copy, "package-lock.json");
    writeFileSync(lock, readFileSync(lock, "utf8").replace('"lockfileVersion"', '"lockfileVersion" ').replace(/$/, " "));
    expect(codeFingerprint(roots)).not.toBe(afterConstruct);

    run(newCache(base), "cold");
    expect(run(newCache(base), "same-code").reused).toBeGreaterThan(0);
    expect(run(newCache(afterConstruct), "new-code").reused).toBe(0);
  });

  test("a damaged entry is a miss, is rebuilt, and the output is still exact", () => {
    run(newCache(), "cold");
    damageEntries(join(work, "cache", "stacks"));
    const warm = run(newCache(), "warm");
    expect(warm.reused).toBe(0);
    expectSameBytes(run(undefined, "fresh").outdir, warm.outdir);
    expect(run(newCache(), "again").reused).toBe(warm.stacks.length);
  });

  test("deleting the cache folder at any time only costs a full synth", () => {
    run(newCache(), "cold");
    rmSync(join(work, "cache"), { recursive: true, force: true });
    const warm = run(newCache(), "warm");
    expect(warm.reused).toBe(0);
    expectSameBytes(run(undefined, "fresh").outdir, warm.outdir);
  });

  describe("the fleet stack", () => {
    let runs = 0;
    /** The fleet stack into its own folder; returns whether it came from the cache, its bytes and its verdict. */
    const fleet = (cache: SynthCache | undefined, options: StackOptions = { backend: "local" }) => {
      const outdir = join(work, `out-${++runs}`);
      const checked = synthesizeFleetStack(loadInventory(inventory), outdir, options, cache, (json, plan) =>
        checkFleetStack(json, plan).map((p) => `${p.code} ${p.realm}`),
      )!;
      expect(checked.stackId).toBe(FLEET_STACK_ID);
      return { cached: checked.cached, verdict: checked.verdict, bytes: tree(outdir) };
    };
    const expectSame = expectSameTrees;

    test("a hit writes the document and manifest entry a build without the cache writes, and gives the same verdict", () => {
      const fresh = fleet(undefined);
      const cold = fleet(newCache());
      const warm = fleet(newCache());
      expect([cold.cached, warm.cached]).toEqual([false, true]);
      expectSame(fresh.bytes, cold.bytes);
      expectSame(fresh.bytes, warm.bytes);
      expect(warm.verdict).toEqual(fresh.verdict);
    });

    test("an edit the fleet stack never reads keeps the hit; one it reads rebuilds it; both equal a fresh build", () => {
      fleet(newCache());
      edit("us3.yaml", 'cost-center: "4712"', 'cost-center: "0815"');
      const tags = fleet(newCache());
      expect(tags.cached).toBe(true);
      expectSame(fleet(undefined).bytes, tags.bytes);

      edit("_layers/prod.yaml", "databaseCpu: { threshold: 75", "databaseCpu: { threshold: 70");
      const threshold = fleet(newCache());
      expect(threshold.cached).toBe(false);
      expectSame(fleet(undefined).bytes, threshold.bytes);
      const doc = (t: { bytes: Map<string, Buffer> }) => t.bytes.get(join("stacks", FLEET_STACK_ID, "cdk.tf.json"))!;
      expect(doc(threshold).equals(doc(tags))).toBe(false);
    });

    test("the trace holds for the same inventory in another folder (a revision unpacked by `changed`), with a remote state too", () => {
      const remote: StackOptions = { backend: "remote" };
      expect(fleet(newCache(), remote).cached).toBe(false);
      const elsewhere = join(work, "unpacked-revision");
      cpSync(inventory, elsewhere, { recursive: true });
      const there = synthesizeFleetStack(loadInventory(elsewhere), join(work, `out-${++runs}`), remote, newCache())!;
      expect(there.cached).toBe(true);
    });

    test("a verdict is cached with its trace: a realm that breaks a fleet check fails from the cache too", () => {
      edit("_layers/prod.yaml", /^ {2}paging:.*\n/m, "");
      const cold = fleet(newCache());
      expect(cold.verdict).toEqual(expect.arrayContaining([expect.stringMatching(/^RK-OBSERVABILITY-PAGING /)]));
      const warm = fleet(newCache());
      expect(warm.cached).toBe(true);
      expect(warm.verdict).toEqual(cold.verdict);
    });

    test("the code fingerprint and the options are part of the key", () => {
      fleet(newCache("code-a"));
      expect(fleet(newCache("code-a")).cached).toBe(true);
      expect(fleet(newCache("code-b")).cached).toBe(false);
      expect(fleet(newCache("code-a"), { backend: "remote" }).cached).toBe(false);
    });

    test("a damaged traced entry is a miss and is replaced", () => {
      fleet(newCache());
      damageEntries(join(work, "cache", "traced"));
      expect(fleet(newCache()).cached).toBe(false);
      expect(fleet(newCache()).cached).toBe(true);
    });
  });
});

describe("cache keys", () => {
  test("keep key order, types and nesting apart; refuse what is not plain data", () => {
    expect(keyOf({ a: 1, b: 2 })).not.toBe(keyOf({ b: 2, a: 1 }));
    expect(keyOf(["1"])).not.toBe(keyOf([1]));
    expect(keyOf({ a: undefined })).not.toBe(keyOf({}));
    expect(keyOf(["a", "b"])).not.toBe(keyOf(["ab"]));
    expect(keyOf(new Set(["x"]))).not.toBe(keyOf(["x"]));
    expect(keyOf({ a: [1, { b: "c" }] })).toBe(keyOf({ a: [1, { b: "c" }] }));
    expect(() => keyOf({ when: new Date(0) })).toThrow();
    expect(() => keyOf({ f: () => 1 })).toThrow();
  });
});
