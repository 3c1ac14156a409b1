import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./paths";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `realmkit` CLI in a child process, as a user would. */
export function realmkit(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, ["-r", "@swc-node/register", join(REPO_ROOT, "bin", "realmkit.ts"), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NODE_PATH: join(REPO_ROOT, "node_modules"), ...options.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
