import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { RealmkitError } from "../config/errors";
import { maskChunk, maskText } from "../secrets/mask";

export interface ExecOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Every run appends its command line, output and exit code here. */
  readonly logFile: string;
  /** Keep stdout out of the log (e.g. the multi-megabyte `show -json`). */
  readonly quietStdout?: boolean;
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export function terraformMissing(bin: string): RealmkitError {
  return new RealmkitError("RK-TF-MISSING", `the terraform CLI was not found (looked for \`${bin}\` on PATH)`, {
    value: bin,
    fix: "install terraform >= 1.5 (https://developer.hashicorp.com/terraform/install) and make sure it is on PATH, or set REALMKIT_TERRAFORM to its path",
  });
}

/** Runs `bin args` to completion, logging everything; never throws for a non-zero exit. */
export function execLogged(bin: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const started = Date.now();
  appendFileSync(options.logFile, maskText(`\n$ ${bin} ${args.join(" ")}    # in ${options.cwd} at ${new Date(started).toISOString()}\n`));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
      out.push(chunk);
      if (!options.quietStdout) appendFileSync(options.logFile, maskChunk(chunk));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err.push(chunk);
      appendFileSync(options.logFile, maskChunk(chunk));
    });
    let failed = false;
    child.on("error", (e: NodeJS.ErrnoException) => {
      failed = true;
      appendFileSync(options.logFile, maskText(`! ${e.message}\n`));
      reject(e.code === "ENOENT" ? terraformMissing(bin) : e);
    });
    child.on("close", (code, signal) => {
      // A process that could not start also emits close; its error is already reported.
      if (failed) return;
      const ms = Date.now() - started;
      const exit = code ?? 128;
      appendFileSync(options.logFile, `# exit ${exit}${signal ? ` (signal ${signal})` : ""} after ${ms} ms\n`);
      resolvePromise({ code: exit, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), ms });
    });
  });
}
