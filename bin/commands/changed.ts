import type { Command } from "commander";
import { loadInventory } from "../../lib/model/inventory";
import { changedRealms } from "../../lib/rollout/changed";
import { matrixEntry } from "../../lib/rollout/matrix";
import { action, defaultRealmsDir, printJson } from "../cli-support";
import { table } from "../table";

export function registerChanged(program: Command): void {
  program
    .command("changed")
    .description("list realms whose synthesized stacks differ between git revision REF and the working tree")
    .requiredOption("--since <ref>", "git revision to compare with (commit, branch, tag)")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--json", "print JSON, with a GitHub Actions matrix of the stacks to plan")
    .action(
      action(async (opts: { since: string; realms: string; json?: boolean }) => {
        const { phases } = await import("../phases");
        const progress = phases("changed");
        let report: Awaited<ReturnType<typeof changedRealms>>;
        try {
          report = await changedRealms({ since: opts.since, realmsDir: opts.realms, baseEnv: process.env, progress });
        } finally {
          progress.close();
        }
        const planned = new Set(report.realms.filter((r) => r.status !== "removed").map((r) => r.realm));
        if (opts.json) {
          const inventory = loadInventory(opts.realms);
          const include = inventory.realms.filter((r) => planned.has(r.id)).flatMap((r) => r.targets.map((t) => matrixEntry(r, t)));
          return printJson({ ...report, matrix: { include } });
        }
        // Named on its own line, with how to roll it out: no realm's wave deploys it.
        const fleet = report.fleet
          ? `fleet-observability ${report.fleet} since ${opts.since}: it is no realm's, deploy it on its own with \`cdktf deploy fleet-observability\` (docs/observability.md)\n`
          : "";
        if (report.realms.length === 0) {
          process.stdout.write(`no realm changed since ${opts.since} (${report.commit.slice(0, 12)})\n${fleet}`);
          return;
        }
        process.stdout.write(
          table(
            ["REALM", "STATUS", "STACKS"],
            report.realms.map((r) => [
              r.realm,
              r.status,
              r.stacks.map((s) => (s.status === r.status ? s.stackId : `${s.stackId} (${s.status})`)).join(", "),
            ]),
          ) + fleet,
        );
      }),
    );
}
