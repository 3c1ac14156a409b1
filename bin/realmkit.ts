#!/usr/bin/env node
import { CommanderError } from "commander";
import { EXIT_USER } from "./cli-support";
import { buildProgram } from "./program";
import { installCompileCache } from "../lib/cdktf/compile-cache";
import { deferCdktfDependencies } from "../lib/cdktf/defer-deps";
import { maskOutputStreams } from "./masked-output";

// Before any command loads cdktf or the provider bindings.
installCompileCache();
deferCdktfDependencies();
maskOutputStreams();

const program = buildProgram(process.argv);

// `realmkit list | head` closes the pipe early: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(process.exitCode ?? 0);
  });
}

program.parseAsync(process.argv).catch((err: unknown) => {
  // Commander already printed usage errors; help and --version exit cleanly.
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USER;
    return;
  }
  throw err;
});
