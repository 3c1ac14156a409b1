import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { withOutputLock } from "../../lib/output/lock";
import { OUTPUT_MARKER, readMarker } from "../../lib/output/marker";
import { realmkit } from "../helpers/cli";
import { FIXTURE_REALMS, REPO_ROOT } from "../helpers/paths";

/** Issue 11 section 1 through the real CLI: every command with an --out option, two runs at once, a killed synth. */

const CLI = ["-r", "@swc-node/register", join(REPO_ROOT, "bin", "realmkit.ts")];

/** Starts the CLI without waiting: for runs that overlap, or are killed. */
function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, REALMKIT_REALMS: FIXTURE_REALMS, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** A synth output is complete when its manifest lists stacks that all exist and parse. */
function complete(out: string): boolean {
  if (!existsSync(join(out, "manifest.json"))) return false;
  const stacks = Object.keys(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks);
  return (
    stacks.length > 0 &&
    stacks.every((id) => {
      const file = join(out, "stacks", id, "cdk.tf.json");
      return existsSync(file) && typeof JSON.parse(readFileSync(file, "utf8")) === "object";
    })
  );
}

describe("every command with --out refuses what is not Realmkit's (exit 1, the path named, nothing changed)", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "realmkit-out-cli-"));
    mkdirSync(join(work, "foreign"));
    writeFileSync(join(work, "foreign", "keep.txt"), "keep\n");
    writeFileSync(join(work, "file.txt"), "keep\n");
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const hostile = () => ["", ".", "/", join(work, "foreign"), join(work, "file.txt"), FIXTURE_REALMS, REPO_ROOT];
  const commands: [string, (out: string) => string[]][] = [
    ["synth", (out) => ["synth", "--backend", "local", "--out", out]],
    ["plan", (out) => ["plan", "us2", "--offline", "--out", out]],
    ["drift", (out) => ["drift", "us2", "--offline", "--out", out]],
  ];
  test.each(commands)(
    "%s --out",
    (_name, args) => {
      for (const out of hostile()) {
        const r = realmkit(args(out));
        expect([out, r.code, r.stderr]).toEqual([out, 1, expect.stringMatching(/RK-OUTPUT-UNSAFE/)]);
        if (out !== "") expect(r.stderr).toContain(out);
        expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
      }
      expect(readFileSync(join(work, "foreign", "keep.txt"), "utf8")).toBe("keep\n");
      expect(readFileSync(join(work, "file.txt"), "utf8")).toBe("keep\n");
      expect(readdirSync(join(work, "foreign"))).toEqual(["keep.txt"]);
    },
    300_000,
  );

  test("policy --out and pipeline --out: a folder, a foreign file, the empty string", () => {
    for (const [args, code] of [
      [["policy", "--out", ""], "RK-OUTPUT-UNSAFE"],
      [["policy", "--out", join(work, "foreign")], "RK-OUTPUT-UNSAFE"],
      [["policy", "--out", join(work, "file.txt")], "RK-OUTPUT-UNSAFE"],
      [["pipeline", "github", "--out", ""], "RK-CLI-BAD-OPTION"],
      [["pipeline", "github", "--out", join(work, "foreign")], "RK-OUTPUT-UNSAFE"],
      [["pipeline", "github", "--out", join(work, "file.txt")], "RK-PIPELINE-NOT-OURS"],
    ] as const) {
      const r = realmkit(args);
      expect([args, r.code, r.stderr]).toEqual([args, 1, expect.stringContaining(code)]);
    }
    expect(readFileSync(join(work, "file.txt"), "utf8")).toBe("keep\n");
    // A report policy wrote is replaced by the next one.
    const report = join(work, "report.json");
    expect(realmkit(["policy", "--format", "json", "--out", report]).code).toBe(0);
    expect(realmkit(["policy", "--format", "sarif", "--out", report]).code).toBe(0);
    expect(JSON.parse(readFileSync(report, "utf8")).runs[0].tool.driver.name).toBe("realmkit");
  }, 300_000);

  test("docs --out: never the working folder, the inventory or the empty string; the fix names a docs folder", () => {
    for (const out of ["", ".", FIXTURE_REALMS, REPO_ROOT]) {
      const r = realmkit(["docs", "--out", out, "--stacks", join(work, "no-stacks")]);
      expect([out, r.code, r.stderr]).toEqual([out, 1, expect.stringContaining("RK-OUTPUT-UNSAFE")]);
      expect(r.stderr).toContain("e.g. --out docs/realms");
    }
  }, 120_000);

  test("an inventory with no realm is exit 1 and the previous output stays", () => {
    const out = join(work, "full");
    expect(realmkit(["synth", "--backend", "local", "--out", out]).code).toBe(0);
    const before = readFileSync(join(out, "manifest.json"), "utf8");
    const empty = join(work, "empty-inventory");
    mkdirSync(empty);
    const r = realmkit(["synth", "--backend", "local", "--realms", empty, "--out", out]);
    expect(r).toMatchObject({ code: 1, stderr: expect.stringContaining("RK-OUTPUT-NO-REALMS") });
    expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe(before);
    expect(complete(out)).toBe(true);
    const workflow = join(work, "realmkit.yml");
    expect(realmkit(["pipeline", "github", "--out", workflow]).code).toBe(0);
    const text = readFileSync(workflow, "utf8");
    expect(realmkit(["pipeline", "github", "--realms", empty, "--out", workflow])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("RK-OUTPUT-NO-REALMS"),
    });
    expect(readFileSync(workflow, "utf8")).toBe(text);
  }, 300_000);
});

describe("two runs on one output, and a killed run", () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), "realmkit-out-race-"));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test("two synths at once into the same folder are serialised: both exit 0, the output is complete, nothing is left over", async () => {
    const out = join(work, "cdktf.out");
    const args = ["synth", "--backend", "local", "--no-cache", "--out", out];
    const [a, b] = await Promise.all([start(args).done, start(args).done]);
    expect([a.code, a.stderr]).toEqual([0, expect.not.stringContaining("error")]);
    expect([b.code, b.stderr]).toEqual([0, expect.not.stringContaining("error")]);
    expect(complete(out)).toBe(true);
    expect(readMarker(out)?.kind).toBe("synth");
    expect(readdirSync(work)).toEqual(["cdktf.out"]);
  }, 300_000);

  test("a run that cannot get the lock in time exits 1 naming the holder (never 2); a dead holder's lock is taken over", async () => {
    const out = join(work, "cdktf.out");
    await withOutputLock(out, async () => {
      const r = await start(["synth", "--backend", "local", "--out", out], { REALMKIT_OUTPUT_LOCK_WAIT: "1" }).done;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("RK-OUTPUT-LOCKED");
      expect(r.stderr).toContain(`process ${process.pid} on ${hostname()}`);
      expect(existsSync(out)).toBe(false);
    });
    // A holder that died without releasing: its lock folder and holder file stay behind.
    mkdirSync(join(work, ".cdktf.out.realmkit.lock"));
    const dead = await new Promise<number>((resolve) => {
      const c = spawn(process.execPath, ["-e", ""]);
      c.on("close", () => resolve(c.pid!));
    });
    writeFileSync(
      join(work, ".cdktf.out.realmkit.lock.holder.json"),
      JSON.stringify({ pid: dead, host: hostname(), command: "realmkit synth", since: "", token: "t" }),
    );
    const r = await start(["synth", "--backend", "local", "--out", out], { REALMKIT_OUTPUT_LOCK_WAIT: "5" }).done;
    expect([r.code, r.stderr]).toEqual([0, expect.not.stringContaining("RK-OUTPUT-LOCK")]);
    expect(complete(out)).toBe(true);
    expect(readdirSync(work)).toEqual(["cdktf.out"]);
  }, 300_000);

  test("synth killed (SIGKILL) at several moments: the previous output is complete every time, and the next run leaves no temp folder", async () => {
    const out = join(work, "cdktf.out");
    const args = ["synth", "--backend", "local", "--no-cache", "--out", out];
    expect((await start(args).done).code).toBe(0);
    const previous = readFileSync(join(out, "manifest.json"), "utf8");
    for (const afterMs of [200, 700, 1500, 2500, 4000]) {
      const run = start(args);
      const timer = setTimeout(() => run.child.kill("SIGKILL"), afterMs);
      const r = await run.done;
      clearTimeout(timer);
      // Killed in the tiny window between the swap's renames, the output sits under its
      // retired name until the next run puts it back; at any other moment it is in place.
      if (!existsSync(out)) expect(readdirSync(work).some((n) => n.startsWith(".cdktf.out.realmkit-retired-"))).toBe(true);
      else expect([afterMs, r.signal ?? r.code, complete(out)]).toEqual([afterMs, r.signal ?? r.code, true]);
    }
    expect((await start(args).done).code).toBe(0);
    expect(complete(out)).toBe(true);
    expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe(previous);
    expect(readdirSync(work).filter((n) => n !== "cdktf.out")).toEqual([]);
    expect(readdirSync(out)).toContain(OUTPUT_MARKER);
  }, 300_000);
});
