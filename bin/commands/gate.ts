import { appendFileSync } from "node:fs";
import type { Command } from "commander";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { emptyPlanGate, gateMarkdown, type HealthGate, recordedPlanGate, runGate } from "../../lib/rollout/gate";
import { waveRules } from "../../lib/rollout/pacing";
import { selectRealms } from "../../lib/rollout/realm-selection";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, printJson } from "../cli-support";
import { parseCount, terraformSettings } from "../terraform-env";

interface GateOptions {
  realms: string;
  wave: string;
  results?: string;
  plans: string;
  offline?: boolean;
  summary?: string;
  json?: boolean;
  monitors?: boolean;
  native?: boolean;
}

export function registerGate(program: Command): void {
  program
    .command("gate")
    .description("the health gate after a wave: every applied stack's plan must now be empty")
    .requiredOption("--wave <n>", "the wave that was applied")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--results <dir>", "judge check results recorded by CI verify jobs instead of running terraform")
    .option("--plans <dir>", "plan folder of the apply (its stacks are checked)", ".realmkit/plans")
    .option("--offline", "check with the provider mirror and local state")
    .option("--summary <file>", "append the verdict as Markdown (a CI run summary)")
    .option("--monitors", "also ask Datadog: a realm whose monitors alert or have no data fails the gate (realmkit health)")
    .option("--native", "also read the clouds' own alarms (realmkit health --native): a firing or silent alarm fails the gate")
    .option("--json", "print the verdict as JSON")
    .action(action((opts: GateOptions) => gate(opts)));
}

async function gate(opts: GateOptions): Promise<number> {
  const inventory = loadInventory(opts.realms);
  const wave = parseCount("--wave", opts.wave);
  const selected = selectRealms(inventory, { wave });
  const stacks = selected.flatMap((r) => r.targets.map((t) => ({ stackId: t.stackId, realm: r.id })));
  let realms = selected.map((r) => r.id);
  let check: HealthGate;
  if (opts.results) {
    // In CI only the stacks this run selected were verified; the others have no record and are not judged.
    const recorded = recordedPlanGate(opts.results, (realm) => stacks.filter((s) => s.realm === realm).map((s) => s.stackId));
    check = recorded;
    const { existsSync } = await import("node:fs");
    if (!existsSync(opts.results)) {
      throw new RealmkitError("RK-GATE-NO-RESULTS", `no check results in ${opts.results}`, {
        value: opts.results,
        fix: "download the verify jobs' artifacts into that folder first",
      });
    }
    const seen = await listRecorded(opts.results);
    realms = realms.filter((r) => stacks.some((s) => s.realm === r && seen.has(s.stackId)));
    if (realms.length === 0) {
      throw new RealmkitError("RK-GATE-NO-RESULTS", `no check result in ${opts.results} belongs to wave ${wave}`, {
        value: opts.results,
        fix: "download the verify jobs' artifacts of this wave",
      });
    }
  } else {
    const { TerraformCli } = await import("../../lib/terraform/cli");
    const terraform = new TerraformCli({ ...terraformSettings(), offline: Boolean(opts.offline), configDir: opts.plans });
    check = emptyPlanGate({ plansDir: opts.plans, terraform, stacks });
  }
  if (opts.monitors || opts.native) {
    const { withHealthCheck } = await import("../../lib/observability/health-check");
    check = withHealthCheck(check, inventory, realms, { ...opts, env: process.env });
  }
  const verdict = await runGate(check, wave, realms);
  const rules = waveRules(inventory, wave);
  if (opts.summary) appendFileSync(opts.summary, gateMarkdown(verdict, rules.bakeMinutes));
  if (opts.json) printJson(verdict);
  else {
    for (const r of verdict.results) process.stdout.write(`${r.realm}: ${r.healthy ? "healthy" : `UNHEALTHY: ${r.reasons.join("; ")}`}\n`);
    process.stdout.write(
      verdict.healthy ? `wave ${wave} is healthy: the next wave may start\n` : `wave ${wave} is UNHEALTHY: later waves must not start\n`,
    );
  }
  return verdict.healthy ? EXIT_OK : EXIT_USER;
}

async function listRecorded(dir: string): Promise<Set<string>> {
  const { readdirSync, readFileSync, statSync } = await import("node:fs");
  const { join } = await import("node:path");
  const seen = new Set<string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".json")) {
        try {
          const r = JSON.parse(readFileSync(p, "utf8")) as { stack?: unknown };
          if (typeof r.stack === "string") seen.add(r.stack);
        } catch {
          // not a record
        }
      }
    }
  };
  walk(dir);
  return seen;
}
