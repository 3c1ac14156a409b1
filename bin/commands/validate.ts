import type { Command } from "commander";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, printJson, reportProblems } from "../cli-support";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check every realm file: schema, layers, regions, residency, networks")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--json", "print problems as JSON")
    .action(
      action(async (opts: { realms: string; json?: boolean }) => {
        // Loaded on use, not at registration: the guardrail rules stay out of every start-up.
        const { validateInventory } = await import("../../lib/policy/config-checks");
        const { inventory, errors } = validateInventory(opts.realms);
        if (opts.json) {
          printJson({ valid: errors.length === 0, realms: inventory.realms.map((r) => r.id), errors, warnings: inventory.warnings ?? [] });
          return errors.length ? EXIT_USER : EXIT_OK;
        }
        for (const w of inventory.warnings ?? []) process.stderr.write(`warning  ${w}\n`);
        const stacks = inventory.realms.reduce((n, r) => n + r.targets.length, 0);
        if (errors.length) {
          // The good realms are still named: a user fixing one realm sees the rest pass.
          const code = reportProblems(errors);
          if (inventory.realms.length)
            process.stdout.write(
              `${inventory.realms.length} realms valid (${stacks} stacks): ${inventory.realms.map((r) => r.id).join(", ")}\n`,
            );
          return code;
        }
        process.stdout.write(`${inventory.realms.length} realms valid (${stacks} stacks) in ${opts.realms}\n`);
        return EXIT_OK;
      }),
    );
}
