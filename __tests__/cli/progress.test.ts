import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realmkit } from "../helpers/cli";
import { FIXTURE_REALMS } from "../helpers/paths";

/**
 * Issue 15 §4: every slow command reports its phases on stderr, one line per phase in CI
 * (REALMKIT_PROGRESS=lines), so a log is never silent while it works. stdout stays the result.
 */
const phaseLine = (command: string, phase: string) => new RegExp(`^realmkit ${command}: ${phase}\\b.*\\(\\d+\\.\\d s\\)$`, "m");

describe("progress lines in CI (REALMKIT_PROGRESS=lines)", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "realmkit-progress-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    realmkit(args, { env: { REALMKIT_PROGRESS: "lines", REALMKIT_SYNTH_CACHE_DIR: join(work, "synth-cache"), ...extra } });

  test("synth: load, synthesize and check, verdict and output", () => {
    const r = run(["synth", "--realms", FIXTURE_REALMS, "--out", join(work, "out")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(phaseLine("synth", "load: 8 realms"));
    expect(r.stderr).toMatch(phaseLine("synth", "synthesize and check: 9 stacks"));
    expect(r.stderr).toMatch(phaseLine("synth", "verdict and output"));
    expect(r.stdout).not.toMatch(/^realmkit synth:/m);
  });

  test("policy: load, synthesize (from the cache synth filled), evaluate", () => {
    const r = run(["policy", "--realms", FIXTURE_REALMS, "--format", "json"]);
    expect(r.stderr).toMatch(phaseLine("policy", "load: 8 realms"));
    expect(r.stderr).toMatch(phaseLine("policy", "synthesize: 9 stacks, \\d+ from the cache"));
    expect(r.stderr).toMatch(phaseLine("policy", "evaluate the guardrails"));
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  test("docs: load, guardrails over the stacks synth wrote (none synthesized), render", () => {
    const r = run(["docs", "--realms", FIXTURE_REALMS, "--stacks", join(work, "out"), "--out", join(work, "docs")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(phaseLine("docs", "load: 8 realms"));
    expect(r.stderr).toMatch(phaseLine("docs", "guardrails over the synthesized stacks: 9 stacks read from .*, none synthesized"));
    expect(r.stderr).toMatch(phaseLine("docs", "render: \\d+ files"));
  });

  test("changed: which revision, then each side with its stack count, then the comparison", () => {
    const r = run(["changed", "--since", "HEAD", "--realms", FIXTURE_REALMS]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(phaseLine("changed", "revision: [0-9a-f]{12} unpacked"));
    expect(r.stderr).toMatch(/^realmkit changed: (the working tree|revision HEAD)\b.*\(\d+\.\d s\)$/m);
    expect(r.stderr).toMatch(phaseLine("changed", "compare: \\d+ realms? changed, \\d+ unchanged"));
  }, 240_000);

  // Without terraform the commands stop at their first terraform step: the phases before it still report.
  test.each([
    ["plan", ["plan", "--offline", "us2", "--realms", FIXTURE_REALMS]],
    ["drift", ["drift", "--offline", "us2", "--realms", FIXTURE_REALMS]],
  ])("%s: load and synthesize before terraform runs", (command, args) => {
    const r = run([...args, "--out", join(work, command)], { REALMKIT_TERRAFORM: join(work, "no-such-terraform") });
    expect(r.stderr).toMatch(phaseLine(command, "load: 8 realms"));
    expect(r.stderr).toMatch(phaseLine(command, "synthesize: \\d+ stacks"));
    expect(r.stderr).toContain("the terraform CLI was not found");
  });

  test("rollout: load before anything else", () => {
    const r = run(["rollout", "--realms", FIXTURE_REALMS]);
    expect(r.stderr).toMatch(phaseLine("rollout", "load: 8 realms"));
  });

  test("REALMKIT_PROGRESS=off: silent", () => {
    const r = run(["policy", "--realms", FIXTURE_REALMS, "--format", "json"], { REALMKIT_PROGRESS: "off" });
    expect(r.stderr).not.toMatch(/^realmkit policy:/m);
  });
});
