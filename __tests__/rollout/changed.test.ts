import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RealmkitError } from "../../lib/config/errors";
import { FIXTURE_REALMS } from "../helpers/paths";
import { loadInventory } from "../../lib/model/inventory";
import { changedRealms } from "../../lib/rollout/changed";
import { canonicalStack, stackHash } from "../../lib/rollout/stack-hash";

const REPO = join(__dirname, "..", "..");

function git(dir: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "user.name=Realmkit Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args],
    {
      cwd: dir,
      encoding: "utf8",
      timeout: 120_000,
    },
  ).trim();
}

function initRepo(dir: string): void {
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, ".gitignore"), "node_modules\n");
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
}

const summary = (r: Awaited<ReturnType<typeof changedRealms>>) => r.realms.map((c) => `${c.realm}:${c.status}`);

describe("stack hash", () => {
  test("ignores key order and cdktf `//` metadata, not values or list order", () => {
    const a = { resource: { x: { a: 1, b: [1, 2], "//": { metadata: { path: "p1" } } } }, "//": { v: "0.21.0" } };
    const b = { "//": { v: "0.22.0" }, resource: { x: { b: [1, 2], a: 1, "//": { metadata: { path: "p2" } } } } };
    expect(stackHash(a)).toBe(stackHash(b));
    expect(stackHash(a)).not.toBe(stackHash({ resource: { x: { a: 1, b: [2, 1] } } }));
    expect(stackHash(a)).not.toBe(stackHash({ resource: { x: { a: 2, b: [1, 2] } } }));
    expect(canonicalStack(b)).toEqual({ resource: { x: { a: 1, b: [1, 2] } } });
  });
});

describe("change detection between a git revision and the working tree (miniature project)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "realmkit-changed-mini-"));
    cpSync(join(__dirname, "fixtures", "mini-project"), dir, { recursive: true });
    initRepo(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const changed = () => changedRealms({ since: "HEAD", realmsDir: join(dir, "realms"), baseEnv: process.env });

  test("nothing changed: nothing selected, although every synth writes new `//` metadata", async () => {
    const r = await changed();
    expect(r.realms).toEqual([]);
    expect(r.unchanged).toEqual(["a1", "b1", "c1"]);
    expect(r.commit).toBe(git(dir, "rev-parse", "HEAD"));
  });

  test("a shared construct change selects exactly the realms using it, each side synthesized by its own code", async () => {
    writeFileSync(
      join(dir, "constructs", "bucket.ts"),
      readFileSync(join(dir, "constructs", "bucket.ts"), "utf8").replace("-documents", "-docs"),
    );
    const r = await changed();
    expect(summary(r)).toEqual(["a1:changed", "c1:changed"]);
    expect(r.realms[0]!.stacks).toEqual([{ stackId: "realm-a1", status: "changed" }]);
  });

  test("README and test edits select nothing", async () => {
    appendFileSync(join(dir, "README.md"), "More words.\n");
    writeFileSync(join(dir, "bucket.test.ts"), "test('x', () => undefined);\n");
    expect((await changed()).realms).toEqual([]);
  });

  test("realms added and removed are reported as such", async () => {
    writeFileSync(join(dir, "realms", "d1.yaml"), "realm: d1\nqueue: true\n");
    unlinkSync(join(dir, "realms", "b1.yaml"));
    const r = await changed();
    expect(summary(r)).toEqual(["b1:removed", "d1:added"]);
    expect(r.realms.find((c) => c.realm === "d1")!.stacks).toEqual([{ stackId: "realm-d1", status: "added" }]);
  });

  test("compares against any revision, e.g. two commits back", async () => {
    writeFileSync(join(dir, "constructs", "queue.ts"), readFileSync(join(dir, "constructs", "queue.ts"), "utf8").replace("-jobs", "-work"));
    git(dir, "commit", "-q", "-am", "queue rename");
    git(dir, "commit", "-q", "--allow-empty", "-m", "unrelated");
    expect(summary(await changedRealms({ since: "HEAD~2", realmsDir: join(dir, "realms"), baseEnv: process.env }))).toEqual([
      "b1:changed",
      "c1:changed",
    ]);
    expect((await changed()).realms).toEqual([]);
  });

  test("a post-synth check that fails (a guardrail) does not hide changes; a broken synth is an error", async () => {
    writeFileSync(join(dir, "constructs", "queue.ts"), readFileSync(join(dir, "constructs", "queue.ts"), "utf8").replace("-jobs", "-work"));
    const gated = await changedRealms({ since: "HEAD", realmsDir: join(dir, "realms"), baseEnv: { ...process.env, MINI_GATE_FAILS: "1" } });
    expect(summary(gated)).toEqual(["b1:changed", "c1:changed"]);
    writeFileSync(join(dir, "realms", "broken.yaml"), "bucket: true\n");
    const err = await changed().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "RK-CHANGED-SYNTH" });
    expect((err as Error).message).toMatch(/synthesizing the working tree failed:[\s\S]*broken.yaml: no realm id/);
  });

  test("an unknown revision is a clear user error", async () => {
    const err = await changedRealms({ since: "no-such-branch", realmsDir: join(dir, "realms"), baseEnv: process.env }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RealmkitError);
    expect(err).toMatchObject({ code: "RK-CHANGED-UNKNOWN-REF", value: "no-such-branch" });
  });
});

describe("change detection on a copy of this project (real synth, real layers)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "realmkit-changed-real-"));
    for (const entry of ["bin", "lib", "constructs", "package.json", "tsconfig.json", "cdktf.json"])
      cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
    cpSync(FIXTURE_REALMS, join(dir, "realms"), { recursive: true });
    writeFileSync(join(dir, "README.md"), "# copy\n");
    initRepo(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => git(dir, "checkout", "-q", "--", "."));
  const changed = () => changedRealms({ since: "HEAD", realmsDir: join(dir, "realms"), baseEnv: process.env });

  test("editing a shared layer selects exactly the realms built on it", async () => {
    const staging = loadInventory(join(dir, "realms"))
      .realms.filter((r) => r.config.extends?.includes("staging"))
      .map((r) => r.id);
    expect(staging.length).toBeGreaterThan(0);
    appendFileSync(join(dir, "realms", "_layers", "staging.yaml"), "tags:\n  rollout-test: layer-edit\n");
    const r = await changed();
    expect(r.realms.map((c) => c.realm)).toEqual(staging.sort());
    expect(r.realms.every((c) => c.status === "changed")).toBe(true);
  }, 120_000);

  test("editing the README selects nothing", async () => {
    appendFileSync(join(dir, "README.md"), "Rolling out a change, step by step.\n");
    expect((await changed()).realms).toEqual([]);
  }, 120_000);
});

/** The phases changedRealms reports, as `name: summary`. */
function recorder() {
  const lines: string[] = [];
  let current: string | undefined;
  let detail = "";
  return {
    lines,
    progress: {
      phase(name: string, what = "") {
        if (current !== undefined) lines.push(`${current}: ${detail}`);
        current = name;
        detail = what;
      },
      update(what: string) {
        detail = what;
      },
      end(summary?: string) {
        if (current !== undefined) lines.push(`${current}: ${summary ?? detail}`);
        current = undefined;
      },
    },
  };
}

describe("change detection from the synth cache (a copy of this project with the running code)", () => {
  let dir: string;
  let cacheDir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "realmkit-changed-cached-"));
    for (const entry of ["bin", "lib", "constructs", "package.json", "package-lock.json", "tsconfig.json", "cdktf.json"]) {
      cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
    }
    cpSync(FIXTURE_REALMS, join(dir, "realms"), { recursive: true });
    initRepo(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), "realmkit-changed-cache-"));
  });
  afterEach(() => {
    git(dir, "checkout", "-q", "--", ".");
    rmSync(cacheDir, { recursive: true, force: true });
  });
  const env = () => ({ ...process.env, REALMKIT_SYNTH_CACHE_DIR: cacheDir });
  const changed = (baseEnv: NodeJS.ProcessEnv = env()) => {
    const rec = recorder();
    return changedRealms({ since: "HEAD", realmsDir: join(dir, "realms"), baseEnv, progress: rec.progress }).then((report) => ({
      report,
      lines: rec.lines,
    }));
  };

  test("a realm-only edit synthesizes at REF only that realm; the answer equals the one of each side's own app", async () => {
    const realms = loadInventory(join(dir, "realms")).realms;
    const stacks = realms.reduce((n, r) => n + r.targets.length, 0);
    const eu1 = realms.find((r) => r.id === "eu1")!;
    const eu1File = join(dir, "realms", "eu1.yaml");
    writeFileSync(eu1File, readFileSync(eu1File, "utf8").replace('tags: { cost-center: "4830" }', 'tags: { cost-center: "4831" }'));

    const first = await changed();
    expect(summary(first.report)).toEqual(["eu1:changed"]);
    // A tag is no input of the fleet stack: it is not reported.
    expect(first.report.fleet).toBeUndefined();
    expect(first.lines[0]).toMatch(/^revision: [0-9a-f]{12} unpacked; same code as this process$/);
    // Cold cache: the working tree is synthesized whole, then REF reuses every stack but eu1's.
    expect(first.lines[1]).toBe(`the working tree: ${realms.length} realms, ${stacks} stacks, 0 from the cache, ${stacks} synthesized`);
    expect(first.lines[2]).toBe(
      `revision HEAD: ${realms.length} realms, ${stacks} stacks, ${stacks - eu1.targets.length} from the cache, ${eu1.targets.length} synthesized`,
    );
    expect(first.lines[3]).toBe("compare: 1 realm changed, 7 unchanged");

    // Warm: nothing is synthesized on either side.
    const second = await changed();
    expect(second.report).toEqual(first.report);
    expect(second.lines.slice(1, 3).every((l) => l.endsWith(`${stacks} from the cache, 0 synthesized`))).toBe(true);

    // An output-changing variable the app would see differently: both sides run their own app.
    const apps = await changed({ ...env(), CDKTF_REALMKIT_TEST_ONLY: "1" });
    expect(apps.lines[0]).toMatch(/its own code, run by its cdktf app$/);
    expect(apps.report).toEqual(first.report);
  }, 240_000);

  test("an alert window edit changes the fleet stack too: reported apart from the realms, from this process and from the apps alike", async () => {
    const defaults = join(dir, "realms", "_defaults.yaml");
    writeFileSync(
      defaults,
      readFileSync(defaults, "utf8").replace(
        "databaseFreeStorage: { threshold: 10, windowMinutes: 5,",
        "databaseFreeStorage: { threshold: 10, windowMinutes: 10,",
      ),
    );
    const inProcess = await changed();
    expect(inProcess.report.fleet).toBe("changed");
    expect(inProcess.lines).toContainEqual(
      expect.stringMatching(/^compare: \d+ realms? changed, \d+ unchanged; fleet-observability changed$/),
    );
    const apps = await changed({ ...env(), CDKTF_REALMKIT_TEST_ONLY: "1" });
    expect(apps.lines[0]).toMatch(/its own code, run by its cdktf app$/);
    expect(apps.report).toEqual(inProcess.report);
    // The command names it apart from the realm table, with how to deploy it; --json carries it.
    const cli = (...extra: string[]) =>
      execFileSync(
        process.execPath,
        ["-r", "@swc-node/register", join(dir, "bin", "realmkit.ts"), "changed", "--since", "HEAD", "--realms", "realms", ...extra],
        {
          cwd: dir,
          encoding: "utf8",
          env: { ...env(), REALMKIT_PROGRESS: "off" },
          timeout: 120_000,
        },
      );
    expect(cli()).toMatch(
      /^fleet-observability changed since HEAD: it is no realm's, deploy it on its own with `cdktf deploy fleet-observability`/m,
    );
    expect(JSON.parse(cli("--json"))).toMatchObject({ fleet: "changed" });

    // No aggregator at all in the working tree: the fleet stack is gone.
    writeFileSync(defaults, readFileSync(defaults, "utf8").replace("aggregator: datadog", "aggregator: none"));
    expect((await changed()).report.fleet).toBe("removed");
  }, 240_000);

  test("a code edit in the working tree: REF from this process, the working tree by its own app", async () => {
    // A comment changes the code's fingerprint but no stack: nothing is selected.
    appendFileSync(join(dir, "constructs", "storage", "aws-bucket.ts"), "// a comment that changes no output\n");
    const r = await changed();
    expect(r.lines[0]).toMatch(/same code as this process$/);
    expect(r.lines).toContainEqual(expect.stringMatching(/^revision HEAD: .* stacks, /));
    expect(r.lines).toContainEqual(expect.stringMatching(/^the working tree, by its app: /));
    expect(r.report.realms).toEqual([]);
  }, 240_000);

  test("a REF whose inventory does not load is an error naming the revision's file, not a temp folder", async () => {
    writeFileSync(join(dir, "realms", "broken.yaml"), "bucket: true\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "broken realm");
    try {
      unlinkSync(join(dir, "realms", "broken.yaml"));
      const err = await changed().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "RK-CHANGED-SYNTH" });
      const sha = git(dir, "rev-parse", "--short=12", "HEAD");
      expect((err as Error).message).toMatch(/^synthesizing revision HEAD failed:/);
      expect((err as Error).message).toContain(`${sha}:realms/broken.yaml`);
      expect((err as Error).message).not.toContain(tmpdir());
    } finally {
      git(dir, "reset", "-q", "--hard", "HEAD~1");
    }
  }, 240_000);
});
