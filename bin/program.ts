import { Command } from "commander";
import { commands } from "./commands";
import { packageVersion } from "./cli-support";

/** The `realmkit` program with every command registered; parsing is the caller's. */
export function buildProgram(): Command {
  const program = new Command("realmkit")
    .description("Validate, explain, synthesize, check, plan and roll out realms of the IBC platform.")
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}
