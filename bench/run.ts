import { spawnSync } from "node:child_process";

export interface Timed {
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion and times it as a user waits for it (the whole process). */
export function timed(cmd: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Timed {
  const started = performance.now();
  const r = spawnSync(cmd, args as string[], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Math.round(performance.now() - started);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`.slice(0, 4000));
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Runs `a` and `b` alternately `rounds` times (a b, b a, a b, ...), so a machine whose speed
 * drifts during the run (other work on it) weighs on both sides alike; returns both medians.
 */
export function alternate(rounds: number, a: () => number, b: () => number): { a: number; b: number; as: number[]; bs: number[] } {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      as.push(a());
      bs.push(b());
    } else {
      bs.push(b());
      as.push(a());
    }
  }
  return { a: median(as), b: median(bs), as, bs };
}
