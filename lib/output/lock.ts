import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { RealmkitError } from "../config/errors";
import { processAlive } from "./replace";

/**
 * One run at a time writes an output folder. The lock is proper-lockfile's (an atomic mkdir
 * beside the output, its mtime refreshed while held). Synthesis is synchronous and may hold
 * the event loop for minutes, so the refresh cannot be trusted to run: the stale time is long,
 * and a lock whose holder is a dead process on this machine is taken over at once instead.
 * Beside the lock a holder file says who holds it, so a run that gives up can name them.
 */
export interface OutputLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
  readonly token: string;
}

const STALE_MS = 15 * 60_000;
export const DEFAULT_LOCK_WAIT_SECONDS = 300;

const lockPath = (out: string) => join(dirname(out), `.${basename(out)}.realmkit.lock`);
const holderPath = (out: string) => `${lockPath(out)}.holder.json`;

function readHolder(file: string): OutputLockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, "utf8")) as Partial<OutputLockHolder>;
    return typeof h.pid === "number" && typeof h.host === "string" ? (h as OutputLockHolder) : undefined;
  } catch {
    return undefined;
  }
}

const describe = (h: OutputLockHolder | undefined) =>
  h ? `process ${h.pid} on ${h.host} (\`${h.command}\`, since ${h.since})` : "another Realmkit run (it has not said who it is yet)";

/**
 * A holder that died on this machine: claim its holder file by renaming it (only one waiter
 * wins the rename), then remove its lock. Never touches locks of other machines or live processes.
 */
function takeOverDead(out: string): boolean {
  const holder = readHolder(holderPath(out));
  if (!holder || holder.host !== hostname() || processAlive(holder.pid)) return false;
  const claim = `${holderPath(out)}.claim-${process.pid}`;
  try {
    renameSync(holderPath(out), claim);
  } catch {
    return false;
  }
  const claimed = readHolder(claim);
  rmSync(claim, { force: true });
  if (claimed?.token !== holder.token) return false;
  rmSync(lockPath(out), { recursive: true, force: true });
  return true;
}

export interface OutputLock {
  /** Throws when another run took the lock over: then this run must not replace the output. */
  readonly assertHeld: () => void;
}

/** Runs `fn` holding the lock of output folder `out` (an absolute path); waits up to `waitSeconds` for it. */
export async function withOutputLock<T>(
  out: string,
  fn: (held: OutputLock) => Promise<T> | T,
  options: { waitSeconds?: number; shown?: string } = {},
): Promise<T> {
  // Loaded on use: registering the commands (plan imports this module) stays free of the lock.
  const { lock } = await import("proper-lockfile");
  const waitSeconds = options.waitSeconds ?? lockWaitSeconds();
  const shown = options.shown ?? out;
  mkdirSync(dirname(out), { recursive: true });
  const deadline = Date.now() + waitSeconds * 1000;
  let release: (() => Promise<void>) | undefined;
  let delay = 50;
  while (!release) {
    try {
      release = await lock(out, {
        lockfilePath: lockPath(out),
        realpath: false,
        stale: STALE_MS,
        retries: 0,
        onCompromised: () => undefined,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ELOCKED") {
        throw new RealmkitError("RK-OUTPUT-LOCK", `cannot lock ${shown}: ${(err as Error).message}`, {
          value: shown,
          fix: "check that the folder above it exists and is writable",
        });
      }
      if (takeOverDead(out)) continue;
      if (Date.now() >= deadline) {
        throw new RealmkitError(
          "RK-OUTPUT-LOCKED",
          `${shown} is being written by ${describe(readHolder(holderPath(out)))}; gave up after ${waitSeconds} s`,
          {
            value: shown,
            fix: `wait for that run to finish, or pass another output folder; if no such process runs, remove ${lockPath(out)} (REALMKIT_OUTPUT_LOCK_WAIT=SECONDS sets how long to wait)`,
          },
        );
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(1000, delay * 2);
    }
  }
  const token = randomBytes(8).toString("hex");
  const holder: OutputLockHolder = { pid: process.pid, host: hostname(), command: commandLine(), since: new Date().toISOString(), token };
  writeFileSync(holderPath(out), `${JSON.stringify(holder, null, 2)}\n`);
  const assertHeld = () => {
    if (readHolder(holderPath(out))?.token !== token || !existsSync(lockPath(out))) {
      throw new RealmkitError(
        "RK-OUTPUT-LOCK-LOST",
        `the lock on ${shown} was taken over by ${describe(readHolder(holderPath(out)))}; this run's output was not committed`,
        {
          value: shown,
          fix: "re-run once the other run finished",
        },
      );
    }
  };
  try {
    return await fn({ assertHeld });
  } finally {
    if (readHolder(holderPath(out))?.token === token) rmSync(holderPath(out), { force: true });
    await release().catch(() => undefined);
  }
}

export function lockWaitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.REALMKIT_OUTPUT_LOCK_WAIT;
  if (raw === undefined || raw === "") return DEFAULT_LOCK_WAIT_SECONDS;
  if (!/^\d+$/.test(raw)) {
    throw new RealmkitError("RK-CLI-BAD-OPTION", `REALMKIT_OUTPUT_LOCK_WAIT must be a whole number of seconds, got \`${raw}\``, {
      value: raw,
      fix: "set e.g. REALMKIT_OUTPUT_LOCK_WAIT=300, or unset it",
    });
  }
  return Number(raw);
}

/** Only the command's name: its arguments are the user's and are not repeated to others. */
function commandLine(): string {
  return `realmkit ${process.argv[2] ?? ""}`.trim();
}
