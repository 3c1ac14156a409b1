import { Command } from "commander";
import { commands } from "./commands";
import { packageVersion } from "./cli-support";

/**
 * The `realmkit` program; parsing is the caller's. With `argv` (process.argv), a run whose
 * first argument names a command registers only that one (its `--help` included); anything
 * else (no command, `help`, `--version`, a mistyped name, which commander answers with the
 * closest one) registers every command, as without `argv`.
 */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command("realmkit")
    .description("Validate, explain, synthesize, check, plan and roll out realms of the IBC platform.")
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  const first = argv?.[2];
  const only = commands.find((c) => c.name === first);
  for (const command of only ? [only] : commands) command.load()(program);
  return program;
}
