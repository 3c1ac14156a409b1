import type { Command } from "commander";
import { inspectInventory } from "../../lib/model/inventory";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, printJson } from "../cli-support";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check every realm file: schema, layers, regions, residency, networks")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--json", "print problems as JSON")
    .action(
      action((opts: { realms: string; json?: boolean }) => {
        const { inventory, errors } = inspectInventory(opts.realms);
        if (opts.json) {
          printJson({ valid: errors.length === 0, realms: inventory.realms.map((r) => r.id), errors, warnings: inventory.warnings ?? [] });
          return errors.length ? EXIT_USER : EXIT_OK;
        }
        for (const w of inventory.warnings ?? []) process.stderr.write(`warning  ${w}\n`);
        for (const e of errors) process.stderr.write(`${e.format()}\n`);
        if (errors.length) {
          process.stderr.write(`\n${errors.length} problem${errors.length === 1 ? "" : "s"} found\n`);
          return EXIT_USER;
        }
        const stacks = inventory.realms.reduce((n, r) => n + r.targets.length, 0);
        process.stdout.write(`${inventory.realms.length} realms valid (${stacks} stacks) in ${opts.realms}\n`);
        return EXIT_OK;
      }),
    );
}
