import type { Command } from "commander";
import { loadInventory } from "../../lib/model/inventory";
import { action, defaultRealmsDir, printJson } from "../cli-support";
import { table } from "../table";

export function registerList(program: Command): void {
  program
    .command("list")
    .description("list realms with their tier, wave, residency and stacks")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--json", "print as JSON")
    .action(
      action((opts: { realms: string; json?: boolean }) => {
        const { realms } = loadInventory(opts.realms);
        const rows = realms.map((r) => ({
          realm: r.id,
          tier: r.config.tier,
          wave: r.config.wave,
          residency: r.config.residency,
          compliance: r.config.compliance,
          stacks: r.targets.map((t) => ({ stackId: t.stackId, provider: t.provider, region: t.region, account: t.account })),
        }));
        if (opts.json) return printJson(rows);
        process.stdout.write(
          table(
            ["REALM", "TIER", "WAVE", "RESIDENCY", "COMPLIANCE", "STACKS"],
            rows.map((r) => [r.realm, r.tier, String(r.wave), r.residency, r.compliance.join(",") || "-", r.stacks.map((s) => `${s.stackId} (${s.provider} ${s.region})`).join(", ")]),
          ),
        );
      }),
    );
}
