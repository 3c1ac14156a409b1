import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateInventory } from "./inventory";
import { alternate, median, timed } from "./run";

/**
 * The operator's loop on a generated inventory of `count` realms, in a git repository holding
 * a copy of this project (so `realmkit changed` compares real revisions with the running
 * code). synth against changed runs from source (`node -r @swc-node/register bin/realmkit.ts`:
 * the code `changed` compares with), the rest with the built CLI:
 * - cold full synth (empty synth cache) against the floor (the same documents written from
 *   plain objects) and against a synth after editing one realm (warm cache);
 * - `changed --since HEAD~1` after a commit editing one realm, against one synth of the
 *   working tree: with both revisions in the cache (the operator synthesized before the
 *   commit), and with REF's version of the realm never synthesized;
 * - the fleet commands on the synthesized inventory.
 */
export interface LoopFigures {
  readonly count: number;
  readonly stacks: number;
  readonly floorMs: number;
  readonly coldMs: number;
  readonly coldBuildMs: number;
  readonly incrementalMs: number;
  readonly warmMs: number;
  readonly changedWarmMs: number;
  readonly synthAfterEditMs: number;
  readonly changedRefMissMs: number;
  readonly fleet: Readonly<Record<string, number>>;
  readonly docsSynthesized: boolean;
}

const GIT = ["-c", "user.name=Realmkit Bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false"];

export function benchLoop(root: string, count: number, rounds: number): LoopFigures {
  const repo = mkdtempSync(join(tmpdir(), "realmkit-bench-loop-"));
  const cache = join(repo, ".synth-cache");
  try {
    for (const entry of ["bin", "lib", "constructs", "package.json", "package-lock.json", "tsconfig.json", "cdktf.json"])
      cpSync(join(root, entry), join(repo, entry), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(repo, "node_modules"), "dir");
    const generated = generateInventory(join(root, "realms"), count);
    cpSync(generated, join(repo, "realms"), { recursive: true });
    rmSync(generated, { recursive: true, force: true });
    // Anchored: a bare `out*` would also ignore lib/output/ and lib/stacks/outputs.ts.
    writeFileSync(join(repo, ".gitignore"), "/node_modules\n/.synth-cache\n/out*\n");
    const git = (...args: string[]) => execFileSync("git", [...GIT, ...args], { cwd: repo, encoding: "utf8" }).trim();
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "base");

    const env = { REALMKIT_SYNTH_CACHE_DIR: cache, REALMKIT_PROGRESS: "off" };
    const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      timed(process.execPath, ["-r", "@swc-node/register", join(repo, "bin", "realmkit.ts"), ...args], {
        cwd: repo,
        env: { ...env, ...extra },
      });
    // The fleet commands as users run them: the built CLI (`npm run bench` builds it first).
    const built = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      timed(process.execPath, [join(root, "dist", "bin", "realmkit.js"), ...args], { cwd: repo, env: { ...env, ...extra } });
    const synth = (out = "out") => cli(["synth", "--realms", "realms", "--out", out]);
    // A realm whose file carries inline tags: editing a tag value changes exactly its stacks.
    const editable = readdirSync(join(repo, "realms"))
      .filter((f) => f.endsWith(".yaml") && !f.startsWith("_"))
      .find((f) => /^tags: \{ /m.test(readFileSync(join(repo, "realms", f), "utf8")))!;
    let edits = 0;
    const editRealm = () => {
      const file = join(repo, "realms", editable);
      const text = readFileSync(file, "utf8").replace(/^tags: \{ (bench-edit: "\d+", )?/m, `tags: { bench-edit: "${++edits}", `);
      writeFileSync(file, text);
    };

    synth(); // fills the compile caches; from here every run has them
    const stacks = readdirSync(join(repo, "out", "stacks")).length;
    const floorMs = median(Array.from({ length: rounds }, () => floor(join(repo, "out"), join(repo, "out-floor"))));

    // Cold full synth (empty synth cache) against an edit of one realm (warm cache), alternately,
    // with the built CLI as users run it (its own cache keys: the built code's fingerprint).
    const builtSynth = () => built(["synth", "--realms", "realms", "--out", "out-built"]);
    builtSynth();
    const coldBuild: number[] = [];
    const pair = alternate(
      rounds,
      () => {
        rmSync(cache, { recursive: true, force: true });
        const r = builtSynth();
        coldBuild.push(Number(/build and write (\d+) ms/.exec(r.stdout)![1]));
        return r.ms;
      },
      () => {
        builtSynth(); // the cache holds the inventory as it is
        editRealm();
        return builtSynth().ms;
      },
    );

    // `changed` after a commit editing one realm, both revisions synthesized before (the operator's loop).
    synth();
    git("commit", "-q", "-am", "base state for changed");
    cli(["changed", "--since", "HEAD~1", "--realms", "realms"]); // files REF's hashes, as the operator's earlier run did
    const warmChanged = alternate(
      rounds,
      () => synth().ms,
      () => cli(["changed", "--since", "HEAD~1", "--realms", "realms"]).ms,
    );
    // Each round: a commit editing the realm, then the synth of that working tree, then changed.
    const afterEdit = alternate(
      rounds,
      () => {
        editRealm();
        git("commit", "-q", "-am", `edit ${edits}`);
        return synth().ms;
      },
      () => cli(["changed", "--since", "HEAD~1", "--realms", "realms"]).ms,
    );
    // REF's version of the realm never synthesized: two commits, a synth of the second only.
    const refMiss: number[] = [];
    const synthBefore: number[] = [];
    for (let i = 0; i < rounds; i++) {
      editRealm();
      git("commit", "-q", "-am", `unsynthesized edit ${edits}`);
      editRealm();
      git("commit", "-q", "-am", `edit ${edits}`);
      synthBefore.push(synth().ms);
      const r = cli(["changed", "--since", "HEAD~1", "--realms", "realms", "--json"]);
      if (!(JSON.parse(r.stdout) as { realms: unknown[] }).realms.length) throw new Error("changed found no change after an edit");
      refMiss.push(r.ms);
    }

    synth();
    const fleet: Record<string, number> = {};
    const [a, b] = readdirSync(join(repo, "realms"))
      .filter((f) => f.endsWith(".yaml") && !f.startsWith("_"))
      .slice(0, 2)
      .map((f) => f.replace(/\.yaml$/, ""));
    let docsSynthesized = true;
    for (const [name, args] of [
      ["matrix", ["matrix", "--realms", "realms", "--stacks", "out", "--json"]],
      ["diff", ["diff", a!, b!, "--realms", "realms", "--stacks", "out", "--json"]],
      ["cost", ["cost", "--realms", "realms", "--json"]],
      ["docs", ["docs", "--realms", "realms", "--stacks", "out", "--out", "out-docs"]],
    ] as const) {
      fleet[name] = median(
        Array.from({ length: rounds }, () => {
          const r = built([...args], { REALMKIT_PROGRESS: "lines" });
          if (name === "docs") docsSynthesized = !/none synthesized/.test(r.stderr);
          return r.ms;
        }),
      );
    }
    return {
      count,
      stacks,
      floorMs,
      coldMs: pair.a,
      coldBuildMs: median(coldBuild),
      incrementalMs: pair.b,
      warmMs: warmChanged.a,
      changedWarmMs: warmChanged.b,
      synthAfterEditMs: median([...afterEdit.as, ...synthBefore]),
      changedRefMissMs: median(refMiss),
      fleet,
      docsSynthesized,
    };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

/**
 * The floor: the same documents, parsed beforehand, written from plain objects (stringify and
 * write, as the synth's last step does) in a fresh process; milliseconds of the writing alone.
 */
function floor(from: string, to: string): number {
  const script = `
    const fs = require("node:fs"), path = require("node:path");
    const [from, to] = process.argv.slice(1);
    const ids = fs.readdirSync(path.join(from, "stacks"));
    const docs = ids.map((id) => JSON.parse(fs.readFileSync(path.join(from, "stacks", id, "cdk.tf.json"), "utf8")));
    const manifest = JSON.parse(fs.readFileSync(path.join(from, "manifest.json"), "utf8"));
    fs.rmSync(to, { recursive: true, force: true });
    const t = performance.now();
    ids.forEach((id, i) => {
      fs.mkdirSync(path.join(to, "stacks", id), { recursive: true });
      fs.writeFileSync(path.join(to, "stacks", id, "cdk.tf.json"), JSON.stringify(docs[i], null, 2));
    });
    fs.writeFileSync(path.join(to, "manifest.json"), JSON.stringify(manifest, null, 2));
    process.stdout.write(String(performance.now() - t));`;
  mkdirSync(to, { recursive: true });
  const r = timed(process.execPath, ["-e", script, from, to], { cwd: from });
  return Math.round(Number(r.stdout));
}
