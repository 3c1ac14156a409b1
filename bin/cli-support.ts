import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { userErrors, type RealmkitError } from "../lib/config/errors";

/** Exit codes: 0 ok, 1 the user's input is wrong (or a check failed), 2 Realmkit itself failed. */
export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_INTERNAL = 2;

export const DEFAULT_REALMS_DIR = "realms";

/** `--realms DIR` default: REALMKIT_REALMS, else `realms/` in the working directory. */
export function defaultRealmsDir(): string {
  return process.env.REALMKIT_REALMS ?? DEFAULT_REALMS_DIR;
}

/**
 * Runs a command body and turns its outcome into an exit code. User errors print as
 * `file:line:col  error  CODE  message` without a stack trace; anything else is a bug in
 * Realmkit and says so (with the stack, because then it helps).
 */
export function action<A extends unknown[]>(body: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await body(...args);
      process.exitCode = code ?? EXIT_OK;
    } catch (err) {
      process.exitCode = reportFailure(err);
    }
  };
}

export function reportFailure(err: unknown): number {
  const errors = userErrors(err);
  if (errors) {
    for (const e of errors) process.stderr.write(`${e.format()}\n`);
    process.stderr.write(`\n${errors.length} problem${errors.length === 1 ? "" : "s"} found\n`);
    return EXIT_USER;
  }
  process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.stderr.write("this is a bug in Realmkit; please report it with the command you ran\n");
  return EXIT_INTERNAL;
}

/** Prints problems (and their count) on stderr: EXIT_USER when there are any, else EXIT_OK. */
export function reportProblems(errors: readonly RealmkitError[]): number {
  if (errors.length === 0) return EXIT_OK;
  for (const e of errors) process.stderr.write(`${e.format()}\n`);
  const realms = new Set(errors.map((e) => e.realm).filter((r) => r !== undefined));
  process.stderr.write(
    `\n${errors.length} problem${errors.length === 1 ? "" : "s"} found${realms.size ? ` in ${realms.size} realm${realms.size === 1 ? "" : "s"}` : ""}\n`,
  );
  return EXIT_USER;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Realmkit's version, from its package.json: found by walking up, as bin/ runs from source or from dist/bin. */
export function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  }
  return "unknown";
}
