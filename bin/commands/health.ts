import type { Command } from "commander";
import { loadInventory } from "../../lib/model/inventory";
import { selectRealms } from "../../lib/rollout/realm-selection";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, printJson } from "../cli-support";
import { parseCount } from "../terraform-env";

interface HealthOptions {
  realms: string;
  wave?: string;
  json?: boolean;
  native?: boolean;
  timeout: string;
}

export function registerHealth(program: Command): void {
  program
    .command("health")
    .description(
      "ask Datadog (and with --native the clouds' own alarms) whether realms are healthy: exits 1 when any monitor or alarm is alerting or has no data, naming it",
    )
    .argument("[realm...]", "realm ids (default: every realm, or those of --wave)")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--wave <n>", "only the realms of this wave")
    .option(
      "--native",
      "also read the alarms Realmkit created on each cloud: CloudWatch (AWS_ACCESS_KEY_ID...), Azure Monitor (AZURE_ACCESS_TOKEN), Cloud Monitoring (GOOGLE_OAUTH_ACCESS_TOKEN)",
    )
    .option("--timeout <seconds>", "per request to the monitor and alarm APIs", "10")
    .option("--json", "print the verdicts as JSON")
    .action(action((selected: string[], opts: HealthOptions) => health(selected, opts)));
}

async function health(selected: string[], opts: HealthOptions): Promise<number> {
  const inventory = loadInventory(opts.realms);
  const wave = opts.wave !== undefined ? parseCount("--wave", opts.wave) : undefined;
  const realms = selectRealms(inventory, { ids: selected, wave }).map((r) => r.id);
  const timeoutMs = parseCount("--timeout", opts.timeout, 1) * 1000;
  const [{ healthCheck }, { runGate }] = await Promise.all([
    import("../../lib/observability/health-check"),
    import("../../lib/rollout/gate"),
  ]);
  const check = healthCheck(inventory, realms, { env: process.env, timeoutMs, native: Boolean(opts.native) });
  const verdict = await runGate(check, wave ?? -1, realms);
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
