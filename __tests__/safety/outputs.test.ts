import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { RealmkitError } from "../../lib/config/errors";
import { OUTPUT_MARKER, readMarker, writeMarker } from "../../lib/output/marker";
import { checkOutputDir, type OutputContext, resolveOutput } from "../../lib/output/paths";
import { prepareWorkDir, recoverOutput, replaceOutputDir, sweepWorkDirs } from "../../lib/output/replace";
import { writeOutputFile } from "../../lib/output/file";
import { REPO_ROOT } from "../helpers/paths";

/** Issue 11 section 1: only Realmkit's own output is ever replaced. */

/** Every file below `dir` with its content: what must not change when a path is refused. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else if (e.isFile()) out[`${rel}${e.name}`] = readFileSync(p, "utf8");
      else out[`${rel}${e.name}`] = e.isSymbolicLink() ? "<link>" : "<special>";
    }
  };
  walk(dir, "");
  return out;
}

/** A pid that surely does not run any more: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8", timeout: 120_000 });
  return Number(r.stdout);
}

describe("output paths: refused unless Realmkit's to replace", () => {
  let root: string;
  let ctx: OutputContext;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-outputs-"));
    // A world of its own: a repository with a working folder, a home and an inventory in it.
    for (const d of [
      "repo/.git",
      "repo/work",
      "home/me",
      "repo/realms/_layers",
      "foreign/sub",
      "marked-foreign",
      "fake-marker",
      "marker-is-dir/.realmkit-output.json",
      "empty",
      "ours/stacks",
    ]) {
      mkdirSync(join(root, d), { recursive: true });
    }
    writeFileSync(join(root, "repo/realms/us2.yaml"), "realm: us2\n");
    writeFileSync(join(root, "repo/README.md"), "mine\n");
    writeFileSync(join(root, "foreign/notes.txt"), "keep me\n");
    writeFileSync(join(root, "foreign/sub/deep.txt"), "keep me too\n");
    writeFileSync(join(root, "a-file"), "a regular file\n");
    writeFileSync(join(root, "fake-marker", OUTPUT_MARKER), JSON.stringify({ tool: "terraform", kind: "synth" }));
    writeFileSync(join(root, "fake-marker", "data"), "x");
    writeFileSync(join(root, "marker-is-dir", "data"), "x");
    writeMarker(join(root, "ours"), "synth");
    writeFileSync(join(root, "ours/stacks/old.json"), "{}");
    symlinkSync(join(root, "foreign"), join(root, "link-to-foreign"));
    symlinkSync(join(root, "ours"), join(root, "link-to-ours"));
    symlinkSync(join(root, "nowhere"), join(root, "dangling"));
    execFileSync("mkfifo", [join(root, "fifo")], { timeout: 10_000 });
    // A marker committed to the repository root makes it no more replaceable.
    writeMarker(join(root, "repo"), "synth");
    ctx = { cwd: join(root, "repo/work"), home: join(root, "home/me"), realmsDir: join(root, "repo/realms") };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const refused: [string, () => string, RegExp][] = [
    ["the empty string", () => "", /--out is empty/],
    ["blanks", () => "   ", /--out is empty/],
    ["the file-system root", () => "/", /root of the file system/],
    ["the working folder", () => join(root, "repo/work"), /is the working folder/],
    ["the working folder, spelt with ..", () => join(root, "repo/work/../work/."), /is the working folder/],
    ["a parent of the working folder", () => join(root, "repo"), /(contains|is) the (working folder|repository root)/],
    ["the repository root with a committed marker", () => join(root, "repo"), /repository root|working folder/],
    ["the home folder", () => join(root, "home/me"), /is the home folder/],
    ["a parent of the home folder", () => join(root, "home"), /contains the home folder/],
    ["the inventory", () => join(root, "repo/realms"), /is the realm inventory|contains the realm inventory/],
    ["inside the inventory", () => join(root, "repo/realms/_layers"), /inside the realm inventory/],
    ["a new folder inside the inventory", () => join(root, "repo/realms/out"), /inside the realm inventory/],
    ["the temp root holding all of it", () => root, /contains the/],
    ["a regular file", () => join(root, "a-file"), /is a file, not a folder/],
    ["a FIFO", () => join(root, "fifo"), /is a file, not a folder/],
    ["a folder with foreign files", () => join(root, "foreign"), /holds files Realmkit did not write \(notes.txt, sub\)/],
    ["a folder whose marker is not Realmkit's", () => join(root, "fake-marker"), /holds files Realmkit did not write/],
    ["a folder whose marker is a folder", () => join(root, "marker-is-dir"), /holds files Realmkit did not write/],
    ["a symlink to a foreign folder", () => join(root, "link-to-foreign"), /symbolic link/],
    ["a symlink to Realmkit's own output", () => join(root, "link-to-ours"), /symbolic link/],
    ["a dangling symlink", () => join(root, "dangling"), /symbolic link/],
  ];

  test.each(refused)("refuses %s with exit-1 error RK-OUTPUT-UNSAFE naming the path; nothing changes", (_name, path, why) => {
    const before = snapshot(root);
    let thrown: unknown;
    try {
      replaceOutputDir(path(), () => assert.fail("must not build"), { ...ctx, kind: "synth" });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RealmkitError);
    const e = thrown as RealmkitError;
    expect(e.code).toBe("RK-OUTPUT-UNSAFE");
    expect(e.message).toMatch(why);
    if (path().trim() !== "") expect(e.message).toContain(path());
    expect(snapshot(root)).toEqual(before);
    // Work folders (plan, drift) refuse the same paths.
    expect(() => prepareWorkDir(path(), { ...ctx, kind: "plans" })).toThrow(RealmkitError);
    expect(snapshot(root)).toEqual(before);
  });

  test.each([
    ["a missing folder", "fresh/nested/out"],
    ["an empty folder", "empty"],
    ["Realmkit's own output", "ours"],
  ])("replaces %s, leaving a marked, complete output and no temp siblings", (_name, rel) => {
    const out = join(root, rel);
    const result = replaceOutputDir(
      out,
      (staging) => {
        writeFileSync(join(staging, "manifest.json"), "{}");
        return 42;
      },
      { ...ctx, kind: "synth" },
    );
    expect(result).toBe(42);
    // No pid or time in an output's marker: two syntheses of one inventory are byte for byte equal.
    expect(readMarker(out)).toEqual({ tool: "realmkit", kind: "synth" });
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MARKER, "manifest.json"]);
    expect(readdirSync(dirname(out)).filter((n) => n.includes(".realmkit-"))).toEqual([]);
  });

  test("with a trash folder, the replaced output is moved there and removed by a detached process; nothing is left beside the output", async () => {
    const out = join(root, "trashed");
    const trash = join(root, "cache", "trash");
    replaceOutputDir(out, (s) => writeFileSync(join(s, "v"), "1"), { ...ctx, kind: "synth", trash });
    replaceOutputDir(out, (s) => writeFileSync(join(s, "v"), "2"), { ...ctx, kind: "synth", trash });
    expect(readFileSync(join(out, "v"), "utf8")).toBe("2");
    expect(readdirSync(root).filter((n) => n.startsWith(".trashed.realmkit-"))).toEqual([]);
    // The remover runs after the call returned: wait for it (it removes every entry it was given).
    for (let i = 0; i < 200 && existsSync(trash) && readdirSync(trash).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(trash)).toEqual([]);
  });

  test("a trash folder that cannot be made means the replaced output is removed in place, as without one", () => {
    const out = join(root, "no-trash");
    const trash = join(root, "a-file", "trash");
    writeFileSync(join(root, "a-file"), "not a folder");
    replaceOutputDir(out, (s) => writeFileSync(join(s, "v"), "1"), { ...ctx, kind: "synth", trash });
    replaceOutputDir(out, (s) => writeFileSync(join(s, "v"), "2"), { ...ctx, kind: "synth", trash });
    expect(readFileSync(join(out, "v"), "utf8")).toBe("2");
    expect(readdirSync(root).filter((n) => n.startsWith(".no-trash.realmkit-"))).toEqual([]);
  });

  test("a failing build (a closed gate) keeps the previous output exactly", () => {
    const out = join(root, "kept");
    replaceOutputDir(out, (s) => writeFileSync(join(s, "v"), "1"), { ...ctx, kind: "synth" });
    const before = snapshot(out);
    expect(() =>
      replaceOutputDir(
        out,
        (s) => {
          writeFileSync(join(s, "v"), "2");
          throw new RealmkitError("RK-GATE", "closed");
        },
        { ...ctx, kind: "synth" },
      ),
    ).toThrow("closed");
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root).filter((n) => n.startsWith(".kept.realmkit-"))).toEqual([]);
  });

  test("Realmkit's folder of another kind is not replaced: a synth never lands on reviewed plans, nor plans on a synth", () => {
    const plans = prepareWorkDir(join(root, "reviewed-plans"), { ...ctx, kind: "plans" });
    writeFileSync(join(plans, "us2.tfplan"), "reviewed");
    expect(() => replaceOutputDir(plans, () => undefined, { ...ctx, kind: "synth" })).toThrow(
      /holds Realmkit's plans output, not synth output/,
    );
    expect(() => prepareWorkDir(join(root, "ours"), { ...ctx, kind: "plans" })).toThrow(/holds Realmkit's synth output, not plans output/);
    expect(() => prepareWorkDir(plans, { ...ctx, kind: "drift" })).toThrow(/holds Realmkit's plans output/);
    expect(readFileSync(join(plans, "us2.tfplan"), "utf8")).toBe("reviewed");
  });

  test.each([
    ["stacks/realm-us2/terraform.realm-us2.tfstate"],
    ["stacks/realm-us2/terraform.realm-us2.tfstate.backup"],
    ["stacks/realm-us2/terraform.tfstate.d/prod/terraform.tfstate"],
    ["terraform.tfstate"],
  ])("an output holding terraform state (%s, as a local backend leaves it) is never replaced", (file) => {
    const out = join(root, `stateful-${file.replace(/\W/g, "")}`);
    replaceOutputDir(out, (s) => mkdirSync(join(s, "stacks", "realm-us2"), { recursive: true }), { ...ctx, kind: "synth" });
    mkdirSync(join(out, dirname(file)), { recursive: true });
    writeFileSync(join(out, file), '{"version": 4}');
    expect(() => replaceOutputDir(out, () => assert.fail("must not build"), { ...ctx, kind: "synth" })).toThrow(
      /holds terraform state \(.*\), which replacing it would delete/,
    );
    expect(readFileSync(join(out, file), "utf8")).toBe('{"version": 4}');
  });

  test("state-like names inside .terraform/ or behind a link are not looked into; a clean output is replaced", () => {
    const out = join(root, "clean");
    replaceOutputDir(out, (s) => mkdirSync(join(s, "stacks", "realm-us2", ".terraform"), { recursive: true }), { ...ctx, kind: "synth" });
    writeFileSync(join(out, "stacks", "realm-us2", ".terraform", "terraform.tfstate"), "{}"); // the backend's own settings
    mkdirSync(join(root, "linked-state"), { recursive: true });
    writeFileSync(join(root, "linked-state", "terraform.tfstate"), "{}");
    symlinkSync(join(root, "linked-state"), join(out, "stacks", "elsewhere"));
    expect(() => replaceOutputDir(out, (s) => writeFileSync(join(s, "v"), "2"), { ...ctx, kind: "synth" })).not.toThrow();
    expect(readFileSync(join(out, "v"), "utf8")).toBe("2");
  });

  test("paths inside Realmkit's own output folder are fine (the plan folder's synth copy)", () => {
    const plans = prepareWorkDir(join(root, "plans"), { ...ctx, kind: "plans" });
    expect(readMarker(plans)?.kind).toBe("plans");
    expect(() => checkOutputDir(plans)).not.toThrow();
    expect(resolveOutput(join(plans, ".synth-staging"), ctx)).toBe(join(plans, ".synth-staging"));
  });
});

describe("a killed run leaves the previous output complete; the next run cleans up", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-crash-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Runs replaceOutputDir in a child that SIGKILLs itself after writing `files` of its staging folder. */
  function killedWriter(out: string, files: number): void {
    const script = `
      const { writeFileSync } = require("node:fs");
      const { join } = require("node:path");
      const { replaceOutputDir } = require(${JSON.stringify(join(REPO_ROOT, "lib/output/replace.ts"))});
      replaceOutputDir(${JSON.stringify(out)}, (staging) => {
        for (let i = 0; i < ${files}; i++) writeFileSync(join(staging, "half-" + i), "new");
        process.kill(process.pid, "SIGKILL");
      }, { kind: "synth", cwd: ${JSON.stringify(root)}, home: ${JSON.stringify(root)} });
    `;
    const r = spawnSync(process.execPath, ["-r", "@swc-node/register", "-e", script], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.signal).toBe("SIGKILL");
  }

  test.each([0, 1, 7])(
    "killed after writing %i files of the new output: the old output is intact, the temp folder is swept next run",
    (files) => {
      const out = join(root, "parent", "cdktf.out");
      replaceOutputDir(out, (s) => writeFileSync(join(s, "manifest.json"), "old"), { kind: "synth", cwd: root, home: root });
      const before = snapshot(out);
      killedWriter(out, files);
      expect(snapshot(out)).toEqual(before);
      const left = readdirSync(dirname(out)).filter((n) => n.startsWith(".cdktf.out.realmkit-staging-"));
      expect(left).toHaveLength(1);
      // A foreign folder that merely looks like a leftover is never removed.
      mkdirSync(join(dirname(out), ".cdktf.out.realmkit-staging-1-abcd"));
      replaceOutputDir(out, (s) => writeFileSync(join(s, "manifest.json"), "new"), { kind: "synth", cwd: root, home: root });
      expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe("new");
      expect(readdirSync(dirname(out)).sort()).toEqual([".cdktf.out.realmkit-staging-1-abcd", "cdktf.out"]);
    },
  );

  test("killed between the swap's two renames: the previous output is put back by the next run", () => {
    const out = join(root, "cdktf.out");
    const pid = deadPid();
    // The state a kill right after `rename(out, retired)` leaves: no output, a retired sibling, a finished staging one.
    const retired = join(root, `.cdktf.out.realmkit-retired-${pid}-0a0b0c0d`);
    mkdirSync(retired);
    writeMarker(retired, "synth");
    writeFileSync(join(retired, "manifest.json"), "previous");
    const staging = join(root, `.cdktf.out.realmkit-staging-${pid}-01020304`);
    mkdirSync(staging);
    writeMarker(staging, "synth");
    const { restored, removed } = recoverOutput(out);
    expect(restored).toBe(retired);
    expect(removed).toEqual([staging]);
    expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe("previous");
    expect(readdirSync(root)).toEqual(["cdktf.out"]);
  });

  test("an empty folder caught in the swap is put back empty, and replaceable again", () => {
    const out = join(root, "cdktf.out");
    const retired = join(root, `.cdktf.out.realmkit-retired-${deadPid()}-0a0b0c0d`);
    mkdirSync(retired);
    writeMarker(retired, "retired");
    expect(recoverOutput(out).restored).toBe(retired);
    expect(readdirSync(out)).toEqual([]);
    replaceOutputDir(out, (s) => writeFileSync(join(s, "manifest.json"), "{}"), { kind: "synth", cwd: root, home: root });
    expect(readMarker(out)?.kind).toBe("synth");
  });

  test("leftovers of a live process are not touched (a concurrent run's staging folder)", () => {
    const out = join(root, "cdktf.out");
    const live = join(root, `.cdktf.out.realmkit-staging-${process.ppid}-0a0b0c0d`);
    mkdirSync(live);
    writeMarker(live, "staging");
    expect(recoverOutput(out).removed).toEqual([]);
    expect(existsSync(live)).toBe(true);
  });

  test("changed's work folders: only marked ones of dead processes are swept", () => {
    const dead = join(root, "realmkit-changed-dead");
    const foreign = join(root, "realmkit-changed-foreign");
    const alive = join(root, "realmkit-changed-alive");
    for (const d of [dead, foreign, alive]) mkdirSync(d);
    writeFileSync(
      join(dead, OUTPUT_MARKER),
      JSON.stringify({ tool: "realmkit", kind: "changed", pid: deadPid(), host: hostname(), createdAt: "" }),
    );
    writeMarker(alive, "changed", true);
    expect(sweepWorkDirs(root, "realmkit-changed-")).toEqual([dead]);
    expect(readdirSync(root).sort()).toEqual(["realmkit-changed-alive", "realmkit-changed-foreign"]);
  });
});

describe("output files (policy --out, pipeline --out)", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-outfile-"));
    mkdirSync(join(root, "a-dir"));
    writeFileSync(join(root, "notes.md"), "mine\n");
    writeFileSync(join(root, "ours.json"), "REPORT v1");
    execFileSync("mkfifo", [join(root, "fifo")], { timeout: 10_000 });
    symlinkSync(join(root, "notes.md"), join(root, "link.md"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const opts = () => ({ cwd: join(root, "a-dir"), home: join(root, "a-dir"), ours: (t: string) => t.startsWith("REPORT") });

  test.each([
    ["", /--out is empty/],
    ["a-dir", /is a folder, not a file|working folder/],
    ["notes.md", /was not written by Realmkit/],
    ["fifo", /not a regular file/],
    ["link.md", /symbolic link/],
  ])("refuses %j (no hang on a FIFO), leaving it as it was", (name, why) => {
    const before = snapshot(root);
    expect(() => writeOutputFile(name === "" ? "" : join(root, name), "REPORT v2", opts())).toThrow(why);
    expect(snapshot(root)).toEqual(before);
  });

  test("replaces a file it wrote, atomically, and writes a new one", () => {
    writeOutputFile(join(root, "ours.json"), "REPORT v2", opts());
    writeOutputFile(join(root, "new/report.sarif"), "REPORT new", opts());
    expect(readFileSync(join(root, "ours.json"), "utf8")).toBe("REPORT v2");
    expect(readFileSync(join(root, "new/report.sarif"), "utf8")).toBe("REPORT new");
    expect(readdirSync(root).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});

const assert = {
  fail: (m: string): never => {
    throw new Error(m);
  },
};
