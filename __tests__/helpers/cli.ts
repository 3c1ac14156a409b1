import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { FIXTURE_REALMS, REPO_ROOT } from "./paths";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `realmkit` CLI in a child process, as a user would. Its default inventory is
 * the test fixture (never the user's `realms/`), named relative to the repository root as a
 * user in that folder would name it.
 */
export function realmkit(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const cwd = options.cwd ?? REPO_ROOT;
  const realms = cwd === REPO_ROOT ? relative(REPO_ROOT, FIXTURE_REALMS) : FIXTURE_REALMS;
  const result = spawnSync(process.execPath, ["-r", "@swc-node/register", join(REPO_ROOT, "bin", "realmkit.ts"), ...args], {
    cwd,
    env: { ...process.env, NODE_PATH: join(REPO_ROOT, "node_modules"), REALMKIT_REALMS: realms, ...options.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
