import type { Command } from "commander";
import { closest } from "fastest-levenshtein";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, printJson } from "../cli-support";
import { parseCount } from "../terraform-env";

interface HealthOptions {
  realms: string;
  wave?: string;
  json?: boolean;
  timeout: string;
}

export function registerHealth(program: Command): void {
  program
    .command("health")
    .description("ask Datadog whether realms are healthy: exits 1 when any realm's monitor is alerting or has no data, naming the monitor")
    .argument("[realm...]", "realm ids (default: every realm, or those of --wave)")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--wave <n>", "only the realms of this wave")
    .option("--timeout <seconds>", "per request to the monitor API", "10")
    .option("--json", "print the verdicts as JSON")
    .action(action((selected: string[], opts: HealthOptions) => health(selected, opts)));
}

async function health(selected: string[], opts: HealthOptions): Promise<number> {
  const inventory = loadInventory(opts.realms);
  const wave = opts.wave !== undefined ? parseCount("--wave", opts.wave) : undefined;
  const known = inventory.realms.map((r) => r.id);
  for (const id of selected) {
    if (!known.includes(id)) {
      throw new RealmkitError(
        "RK-CLI-UNKNOWN-REALM",
        `no realm \`${id}\` in ${opts.realms}${known.length ? `. did you mean \`${closest(id, known)}\`?` : ""}`,
        {
          value: id,
          fix: `name a realm of the inventory: ${known.join(", ")}`,
        },
      );
    }
  }
  const realms = inventory.realms
    .filter((r) => (selected.length === 0 || selected.includes(r.id)) && (wave === undefined || r.config.wave === wave))
    .map((r) => r.id);
  if (realms.length === 0) {
    throw new RealmkitError(
      "RK-ROLLOUT-EMPTY-WAVE",
      `no realm matches${wave !== undefined ? ` wave ${wave}` : ""}${selected.length ? ` among ${selected.join(", ")}` : ""}`,
      {
        value: wave,
        fix: "run `realmkit rollout` to see the waves",
      },
    );
  }
  const { monitorGate, requireHealthKeys } = await import("../../lib/observability/health");
  requireHealthKeys(inventory, realms, process.env);
  const { runGate } = await import("../../lib/rollout/gate");
  const timeoutMs = parseCount("--timeout", opts.timeout, 1) * 1000;
  const verdict = await runGate(monitorGate(inventory, { env: process.env, timeoutMs }), wave ?? -1, realms);
  if (opts.json) printJson({ healthy: verdict.healthy, results: verdict.results });
  else {
    for (const r of verdict.results)
      process.stdout.write(`${r.realm}: ${r.healthy ? "healthy" : `UNHEALTHY\n${r.reasons.map((x) => `  - ${x}`).join("\n")}`}\n`);
    process.stdout.write(
      verdict.healthy
        ? `${realms.length} realm(s) healthy\n`
        : `${verdict.results.filter((r) => !r.healthy).length} of ${realms.length} realm(s) UNHEALTHY\n`,
    );
  }
  return verdict.healthy ? EXIT_OK : EXIT_USER;
}
