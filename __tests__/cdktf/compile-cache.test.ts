import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Module from "node:module";
import { compileCacheMode } from "../../lib/cdktf/compile-cache";
import { realmkit } from "../helpers/cli";
import { FIXTURE_REALMS } from "../helpers/paths";

/** Every file under `dir`, relative, with its content: two synth outputs compare equal byte for byte. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      out[join(entry.parentPath, entry.name).slice(dir.length)] = readFileSync(join(entry.parentPath, entry.name), "utf8");
  }
  return out;
}

/** Every file under `dir`, relative (none when it does not exist). */
const filesUnder = (dir: string): string[] => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length));
  } catch {
    return [];
  }
};

describe("which compile cache", () => {
  // .ci/run runs this on the machine's Node and on the current LTS: both branches are exercised.
  it("is Node's own where Node has it (>= 22), the hand-made one elsewhere, and what REALMKIT_COMPILE_CACHE forces", () => {
    const hasNodeCache = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === "function";
    expect(compileCacheMode({})).toBe(hasNodeCache ? "node" : "custom");
    expect(hasNodeCache).toBe(Number(process.versions.node.split(".")[0]) >= 22);
    for (const m of ["off", "node", "custom"] as const) expect(compileCacheMode({ REALMKIT_COMPILE_CACHE: m })).toBe(m);
    expect(compileCacheMode({ REALMKIT_COMPILE_CACHE: "yes please" })).toBe(hasNodeCache ? "node" : "custom");
  });

  it("by default fills Node's cache (Node >= 22) or the hand-made one, with the same stacks as without a cache", () => {
    const work = mkdtempSync(join(tmpdir(), "realmkit-cache-default-"));
    try {
      const cache = join(work, "cache");
      const run = (out: string, env: NodeJS.ProcessEnv) => {
        const r = realmkit(["synth", "--realms", FIXTURE_REALMS, "--out", join(work, out), "--backend", "local"], {
          env: { REALMKIT_COMPILE_CACHE_DIR: cache, REALMKIT_SYNTH_CACHE: "off", REALMKIT_PROGRESS: "off", ...env },
        });
        expect(r).toMatchObject({ code: 0, stderr: "" });
        return tree(join(work, out));
      };
      const reference = run("reference", { REALMKIT_COMPILE_CACHE: "off" });
      expect(run("default", { REALMKIT_COMPILE_CACHE: "" })).toEqual(reference);
      const nodeFiles = filesUnder(join(cache, "node"));
      const customFiles = readdirSync(cache).filter((f) => f !== "node");
      expect(run("warm", { REALMKIT_COMPILE_CACHE: "" })).toEqual(reference); // read back, same stacks
      if (compileCacheMode({}) === "node") {
        expect(nodeFiles.length).toBeGreaterThan(100); // cdktf, constructs, the bindings and Realmkit itself
        expect(customFiles).toEqual([]);
      } else {
        expect(customFiles.length).toBeGreaterThan(100);
        expect(nodeFiles).toEqual([]);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe("the hand-made V8 code cache of cdktf and the provider bindings", () => {
  let work: string;
  let cache: string;
  const synth = (out: string, env: NodeJS.ProcessEnv = {}) => {
    const r = realmkit(["synth", "--realms", FIXTURE_REALMS, "--out", join(work, out), "--backend", "local"], {
      env: {
        REALMKIT_COMPILE_CACHE: "custom",
        REALMKIT_COMPILE_CACHE_DIR: cache,
        REALMKIT_SYNTH_CACHE: "off",
        REALMKIT_PROGRESS: "off",
        ...env,
      },
    });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    return tree(join(work, out));
  };
  const entries = () => readdirSync(cache).sort();

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "realmkit-cache-"));
    cache = join(work, "cache");
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("is off with REALMKIT_COMPILE_CACHE=off, and the output is the reference", () => {
    synth("reference", { REALMKIT_COMPILE_CACHE: "off" });
    expect(() => readdirSync(cache)).toThrow();
  });

  it("is filled by the first synth, then read without being rewritten, and the stacks do not change", () => {
    const reference = tree(join(work, "reference"));
    // An entry for an older version of cdktf's index.js: replaced, not kept beside the new one.
    const indexHash = createHash("sha1").update(require.resolve("cdktf")).digest("hex");
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, `${indexHash}-1-1`), "an older cdktf");
    expect(synth("cold")).toEqual(reference);
    const filled = entries();
    expect(filled.filter((f) => f.startsWith(indexHash))).toEqual([expect.not.stringMatching(/-1-1$/)]);
    expect(filled.length).toBeGreaterThan(100); // cdktf, constructs and every binding loaded
    const written = new Map(filled.map((f) => [f, statSync(join(cache, f)).mtimeMs]));
    expect(synth("warm")).toEqual(reference);
    expect(entries()).toEqual(filled);
    for (const f of filled) expect(statSync(join(cache, f)).mtimeMs).toBe(written.get(f));
  });

  it("recompiles and rewrites an entry V8 rejects (corrupted), with the same stacks", () => {
    const [victim] = entries();
    writeFileSync(join(cache, victim!), "not a code cache");
    expect(synth("repaired")).toEqual(tree(join(work, "reference")));
    expect(readFileSync(join(cache, victim!)).length).toBeGreaterThan(100);
  });
});
