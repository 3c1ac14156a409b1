import { execFile } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { RealmkitError } from "../config/errors";

const run = promisify(execFile);

/** git, with its message (not Node's) on failure, and a user error when git is missing. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run("git", args as string[], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") {
      throw new RealmkitError("RK-CHANGED-NO-GIT", "git was not found on PATH", {
        fix: "install git; change detection compares git revisions",
      });
    }
    throw Object.assign(new Error(e.stderr?.trim() || e.message), { gitArgs: args });
  }
}

export async function gitToplevel(dir: string): Promise<string> {
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

export async function resolveCommit(top: string, since: string): Promise<string> {
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

/**
 * Unpacks `commit` with `git archive` into `into` rather than `git worktree add`: that leaves
 * the repository's metadata untouched, so it is safe while others use the same clone.
 */
export async function unpackRevision(top: string, commit: string, into: string, work: string): Promise<void> {
  const tar = join(work, "ref.tar");
  await git(top, ["archive", "--format=tar", `--output=${tar}`, commit]);
  mkdirSync(into, { recursive: true });
  await run("tar", ["-xf", tar, "-C", into]);
  // The revision runs with this checkout's dependencies: installing them per revision would
  // take minutes, and dependency changes are rare next to inventory and construct changes.
  const modules = join(top, "node_modules");
  if (existsSync(modules) && !existsSync(join(into, "node_modules"))) symlinkSync(modules, join(into, "node_modules"), "dir");
}
