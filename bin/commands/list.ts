import type { Command } from "commander";
import { inspectInventory } from "../../lib/model/inventory";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, printJson, reportProblems } from "../cli-support";
import { table } from "../table";

export function registerList(program: Command): void {
  program
    .command("list")
    .description("list realms with their tier, wave, residency and stacks")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--json", "print as JSON")
    .action(
      action((opts: { realms: string; json?: boolean }) => {
        // Bad realms are reported (stderr, exit 1) and the good ones still listed: one broken
        // file must not hide the rest of the fleet.
        const { inventory, errors } = inspectInventory(opts.realms);
        const { realms } = inventory;
        const rows = realms.map((r) => ({
          realm: r.id,
          tier: r.config.tier,
          wave: r.config.wave,
          residency: r.config.residency,
          compliance: r.config.compliance,
          stacks: r.targets.map((t) => ({ stackId: t.stackId, provider: t.provider, region: t.region, account: t.account })),
        }));
        if (opts.json) {
          printJson(errors.length ? { realms: rows, errors } : rows);
          return errors.length ? EXIT_USER : EXIT_OK;
        }
        process.stdout.write(
          table(
            ["REALM", "TIER", "WAVE", "RESIDENCY", "COMPLIANCE", "STACKS"],
            rows.map((r) => [
              r.realm,
              r.tier,
              String(r.wave),
              r.residency,
              r.compliance.join(",") || "-",
              r.stacks.map((s) => `${s.stackId} (${s.provider} ${s.region})`).join(", "),
            ]),
          ),
        );
        return reportProblems(errors);
      }),
    );
}
