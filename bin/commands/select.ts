import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { changedRealms } from "../../lib/rollout/changed";
import { runSelection, type RunSelection } from "../../lib/rollout/selection";
import { action, defaultRealmsDir, printJson } from "../cli-support";
import { parseCount } from "../terraform-env";

interface SelectOptions {
  realms: string;
  since?: string;
  all?: boolean;
  wave?: string;
  realmList?: string;
  json?: boolean;
  explain?: string;
}

/**
 * What one CI run plans and applies, per wave and per identity purpose: the generated
 * pipelines' check job runs it and fans the later jobs out over its answer.
 */
export function registerSelect(program: Command): void {
  program
    .command("select")
    .description("the stacks a CI run acts on, per wave (changed since REF, all, one wave, or named realms)")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--since <ref>", "only stacks whose synthesized content changed since git revision REF")
    .option("--all", "every stack (provider upgrades, drift repair, a dependency change detection cannot see)")
    .option("--wave <n>", "only this wave")
    .option("--realm-list <ids>", "only these realm or stack ids, separated by spaces or commas")
    .option("--json", "print the selection as JSON (the pipelines' input)")
    .option("--explain <file>", "print a selection.json as Markdown for a run summary")
    .action(
      action(async (opts: SelectOptions) => {
        if (opts.explain) {
          process.stdout.write(explain(JSON.parse(readFileSync(opts.explain, "utf8")) as RunSelection));
          return;
        }
        const modes = [opts.since !== undefined, Boolean(opts.all), opts.realmList !== undefined].filter(Boolean).length;
        if (modes !== 1) {
          throw new RealmkitError("RK-CLI-BAD-OPTION", "say what to select: exactly one of --since REF, --all or --realm-list IDS", {
            fix: "e.g. `realmkit select --since origin/main --json` or `realmkit select --all --wave 0 --json`",
          });
        }
        const inventory = loadInventory(opts.realms);
        const wave = opts.wave !== undefined && opts.wave !== "" ? parseCount("--wave", opts.wave) : undefined;
        let realms: Set<string> | undefined;
        if (opts.since !== undefined) {
          const report = await changedRealms({ since: opts.since, realmsDir: opts.realms, baseEnv: process.env });
          realms = new Set(report.realms.filter((r) => r.status !== "removed").map((r) => r.realm));
        }
        const selectors = opts.realmList !== undefined ? opts.realmList.split(/[\s,]+/).filter(Boolean) : undefined;
        if (selectors && selectors.length === 0) {
          throw new RealmkitError("RK-CLI-BAD-OPTION", "--realm-list names no realm", {
            fix: 'name realm or stack ids, e.g. --realm-list "us2 eu1"',
          });
        }
        const selection = runSelection(inventory, { realms, selectors, wave });
        if (opts.json) return printJson(selection);
        process.stdout.write(explain(selection));
      }),
    );
}

function explain(s: RunSelection): string {
  const lines = [`### Stacks in this run: ${s.count}`, ""];
  for (const w of s.waves) {
    const stacks = w.plan.include.map((e) => e.stack);
    lines.push(`- wave ${w.wave}: ${stacks.length ? stacks.join(", ") : "nothing selected"}`);
  }
  return `${lines.join("\n")}\n`;
}
