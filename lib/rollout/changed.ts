import { exec, execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { writeMarker } from "../output/marker";
import { sweepWorkDirs } from "../output/replace";
import { RealmkitError } from "../config/errors";
import { stackHash } from "./stack-hash";

const run = promisify(execFile);
const runShell = promisify(exec);
/** The per-run work folder in the temp folder: `realmkit-changed-XXXXXX`. */
const WORK_PREFIX = "realmkit-changed-";

export type ChangeStatus = "changed" | "added" | "removed";

export interface StackChange {
  readonly stackId: string;
  readonly status: ChangeStatus;
}

export interface RealmChange {
  readonly realm: string;
  readonly status: ChangeStatus;
  readonly stacks: readonly StackChange[];
}

export interface ChangeReport {
  /** The revision as given, and the commit it resolved to. */
  readonly since: string;
  readonly commit: string;
  /** Realms whose synthesized stacks differ, sorted by realm id. */
  readonly realms: readonly RealmChange[];
  /** Realms present on both sides with identical stacks. */
  readonly unchanged: readonly string[];
}

export interface ChangedOptions {
  /** A git revision: commit, branch, tag, `HEAD~1`, a PR's base sha. */
  readonly since: string;
  /** The inventory folder in the working tree; the same path inside REF is compared. */
  readonly realmsDir: string;
  /** Environment for the synth processes (the CLI passes process.env). */
  readonly baseEnv: NodeJS.ProcessEnv;
}

/** Stack id → content hash, per realm, as one revision synthesizes it. */
type StackHashes = Map<string, Map<string, string>>;

const STACK_ID = /^realm-([a-z][a-z0-9]*)(?:-([a-z]+))?$/;

/**
 * The realms whose synthesized Terraform differs between git revision `since` and the working
 * tree. Each side is synthesized by its OWN code (the cdktf app of that revision's cdktf.json,
 * `node -r @swc-node/register bin/main.ts` here, with this checkout's node_modules), so a change
 * in a shared layer, construct or kit shows up in exactly the realms whose output it changes,
 * and edits that change no output (README, tests, comments) select nothing.
 *
 * REF is unpacked with `git archive` into a temp folder rather than `git worktree add`: that
 * leaves the repository's metadata untouched, so it is safe while others use the same clone.
 */
export async function changedRealms(options: ChangedOptions): Promise<ChangeReport> {
  const realmsDir = resolve(options.realmsDir);
  if (!existsSync(realmsDir)) {
    throw new RealmkitError("RK-CHANGED-NO-REALMS", `realm folder ${options.realmsDir} does not exist`, {
      value: options.realmsDir,
      fix: "pass --realms DIR with the inventory folder inside a git repository",
    });
  }
  const top = await gitToplevel(realmsDir);
  const rel = relative(top, realpathSync(realmsDir));
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw new RealmkitError("RK-CHANGED-OUTSIDE-REPO", `realm folder ${options.realmsDir} is not inside the git repository ${top}`, {
      value: options.realmsDir,
      fix: "keep the inventory inside the repository whose history you compare",
    });
  }
  const commit = await resolveCommit(top, options.since);
  // Marked as Realmkit's, so a later run can remove it if this one is killed (lib/output).
  sweepWorkDirs(tmpdir(), WORK_PREFIX);
  const work = mkdtempSync(join(tmpdir(), WORK_PREFIX));
  try {
    writeMarker(work, "changed", true);
    const refRoot = join(work, "ref");
    await unpackRevision(top, commit, refRoot, work);
    const env = synthEnv(options.baseEnv);
    const refRealms = join(refRoot, rel);
    // Wait for both sides even when one fails: the other is still writing into `work`, which
    // the cleanup below removes.
    const [before, after] = await Promise.allSettled([
      existsSync(refRealms)
        ? synthHashes(refRoot, refRealms, join(work, "out-ref"), env, `revision ${options.since}`)
        : Promise.resolve<StackHashes>(new Map()),
      synthHashes(top, realmsDir, join(work, "out-work"), env, "the working tree"),
    ]);
    if (after.status === "rejected") throw after.reason;
    if (before.status === "rejected") throw before.reason;
    return { since: options.since, commit, ...compare(before.value, after.value) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function compare(before: StackHashes, after: StackHashes): Pick<ChangeReport, "realms" | "unchanged"> {
  const realms: RealmChange[] = [];
  const unchanged: string[] = [];
  for (const realm of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(realm);
    const a = after.get(realm);
    const stacks: StackChange[] = [];
    for (const stackId of [...new Set([...(b?.keys() ?? []), ...(a?.keys() ?? [])])].sort()) {
      const hb = b?.get(stackId);
      const ha = a?.get(stackId);
      if (hb === undefined) stacks.push({ stackId, status: "added" });
      else if (ha === undefined) stacks.push({ stackId, status: "removed" });
      else if (hb !== ha) stacks.push({ stackId, status: "changed" });
    }
    if (stacks.length === 0) unchanged.push(realm);
    else realms.push({ realm, status: !b ? "added" : !a ? "removed" : "changed", stacks });
  }
  return { realms, unchanged };
}

async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run("git", args as string[], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") {
      throw new RealmkitError("RK-CHANGED-NO-GIT", "git was not found on PATH", { fix: "install git; change detection compares git revisions" });
    }
    throw Object.assign(new Error(e.stderr?.trim() || e.message), { gitArgs: args });
  }
}

async function gitToplevel(dir: string): Promise<string> {
  try {
    return realpathSync(await git(dir, ["rev-parse", "--show-toplevel"]));
  } catch (err) {
    if (err instanceof RealmkitError) throw err;
    throw new RealmkitError("RK-CHANGED-NOT-A-REPO", `${dir} is not inside a git repository: ${(err as Error).message}`, {
      value: dir,
      fix: "run in a git clone of the repository that holds the realms",
    });
  }
}

async function resolveCommit(top: string, since: string): Promise<string> {
  try {
    return await git(top, ["rev-parse", "--verify", "--end-of-options", `${since}^{commit}`]);
  } catch (err) {
    if (err instanceof RealmkitError) throw err;
    throw new RealmkitError("RK-CHANGED-UNKNOWN-REF", `git revision \`${since}\` is not a commit in ${top}`, {
      value: since,
      fix: "pass a commit, branch or tag that exists locally (in CI fetch enough history: actions/checkout with fetch-depth: 0)",
    });
  }
}

async function unpackRevision(top: string, commit: string, into: string, work: string): Promise<void> {
  const tar = join(work, "ref.tar");
  await git(top, ["archive", "--format=tar", `--output=${tar}`, commit]);
  mkdirSync(into, { recursive: true });
  await run("tar", ["-xf", tar, "-C", into]);
  // The revision runs with this checkout's dependencies: installing them per revision would
  // take minutes, and dependency changes are rare next to inventory and construct changes.
  const modules = join(top, "node_modules");
  if (existsSync(modules) && !existsSync(join(into, "node_modules"))) symlinkSync(modules, join(into, "node_modules"), "dir");
}

function synthEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...base };
  // Each side reads its own tsconfig; the inventory, backend and output folder are set per side.
  for (const k of ["SWC_NODE_PROJECT", "TS_NODE_PROJECT", "CDKTF_TARGET_STACK_ID", "CDKTF_CONTEXT_JSON"]) delete env[k];
  return env;
}

/**
 * Runs the revision's own cdktf app (the `app` command of its cdktf.json, as `cdktf synth`
 * would) into `out`. The app may exit non-zero after writing every stack, when a check that
 * runs after synthesis (the guardrails) refuses it: the output is complete and is compared
 * anyway, because which realms changed does not depend on whether the change is allowed
 * (`realmkit policy` answers that). Without cdktf's manifest.json synthesis itself failed.
 */
async function synthHashes(root: string, realms: string, out: string, env: NodeJS.ProcessEnv, label: string): Promise<StackHashes> {
  const config = join(root, "cdktf.json");
  if (!existsSync(config)) {
    throw new RealmkitError("RK-CHANGED-SYNTH", `${label} has no cdktf.json whose app could synthesize it`, {
      value: root,
      fix: "compare against a revision of a Realmkit repository (one with cdktf.json and its app)",
    });
  }
  const app = (JSON.parse(readFileSync(config, "utf8")) as { app?: string }).app;
  if (!app) {
    throw new RealmkitError("RK-CHANGED-SYNTH", `cdktf.json of ${label} has no \`app\` command`, { value: config, fix: "set `app` in cdktf.json" });
  }
  let failure: string | undefined;
  try {
    await runShell(app, { cwd: root, env: { ...env, REALMKIT_REALMS: realms, REALMKIT_BACKEND: "remote", CDKTF_OUTDIR: out }, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    failure = (e.stderr || e.stdout || e.message).trim().split("\n").slice(-15).join("\n");
  }
  if (!existsSync(join(out, "manifest.json"))) {
    throw new RealmkitError("RK-CHANGED-SYNTH", `synthesizing ${label} failed:\n${failure ?? "the app wrote no stacks"}`, {
      value: label,
      fix: "fix the inventory or code of that revision, or compare against another revision",
    });
  }
  const hashes: StackHashes = new Map();
  const stacksDir = join(out, "stacks");
  for (const stackId of existsSync(stacksDir) ? readdirSync(stacksDir).sort() : []) {
    const realm = STACK_ID.exec(stackId)?.[1];
    if (!realm) continue;
    const json = JSON.parse(readFileSync(join(stacksDir, stackId, "cdk.tf.json"), "utf8")) as unknown;
    if (!hashes.has(realm)) hashes.set(realm, new Map());
    hashes.get(realm)!.set(stackId, stackHash(json));
  }
  return hashes;
}
