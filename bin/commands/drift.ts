import { appendFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { loadInventory } from "../../lib/model/inventory";
import { withLockedOutput } from "../../lib/output/locked";
import { driftMarkdown, recordedDrift, type StackDrift } from "../../lib/rollout/drift";
import { selectStacks } from "../../lib/rollout/select";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, printJson } from "../cli-support";
import { table } from "../table";
import { parseCount, terraformSettings } from "../terraform-env";
import { phases, type Phases } from "../phases";

interface DriftOptions {
  realms: string;
  json?: boolean;
  results?: string;
  out: string;
  offline?: boolean;
  concurrency?: string;
  summary?: string;
  markdown?: string;
}

export function registerDrift(program: Command): void {
  program
    .command("drift")
    .description("refresh-only plans (-detailed-exitcode): what changed in the clouds behind terraform's back, per realm")
    .argument("[realm...]", "realm or stack ids (default: every realm)")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--out <dir>", "work folder for the stacks, plans and logs", ".realmkit/drift")
    .option("--offline", "local backend, providers from REALMKIT_PROVIDER_MIRROR")
    .option("--concurrency <n>", "stacks checked at once")
    .option("--results <dir>", "report results recorded by CI drift jobs instead of running terraform")
    .option("--summary <file>", "append the table as Markdown (a CI run summary)")
    .option("--markdown <file>", "write the table as Markdown when something drifted (the drift issue's text)")
    .option("--json", "print the report as JSON")
    .action(action((selectors: string[], opts: DriftOptions) => drift(selectors, opts)));
}

async function drift(selectors: string[], opts: DriftOptions): Promise<number> {
  const progress = phases("drift");
  try {
    return await driftWith(selectors, opts, progress);
  } finally {
    progress.close();
  }
}

async function driftWith(selectors: string[], opts: DriftOptions, progress: Phases): Promise<number> {
  progress.phase("load", opts.realms);
  const inventory = loadInventory(opts.realms);
  const stacks = selectStacks(inventory, { selectors });
  progress.end(`${inventory.realms.length} realms, ${stacks.length} stacks selected`);
  let results: StackDrift[];
  if (opts.results) {
    results = recordedDrift(
      opts.results,
      stacks.map((s) => ({ stackId: s.target.stackId, realm: s.realm.id })),
    );
  } else {
    const [{ preparePlan }, { checkDrift }, { openSynthCache }] = await Promise.all([
      import("../../lib/rollout/plan"),
      import("../../lib/rollout/drift"),
      import("../../lib/stacks/synth-cache"),
    ]);
    const offline = Boolean(opts.offline);
    const concurrency = opts.concurrency !== undefined ? parseCount("--concurrency", opts.concurrency, 1) : undefined;
    // One run at a time in a work folder, and only in one Realmkit made (lib/output).
    results = await withLockedOutput(opts.out, { realmsDir: opts.realms, example: ".realmkit/drift" }, async () => {
      progress.phase("synthesize", `${stacks.length} stacks`);
      const cache = openSynthCache(process.env);
      const { runner, targets } = preparePlan({
        inventory,
        stacks,
        outDir: opts.out,
        offline,
        terraform: terraformSettings(),
        kind: "drift",
        cache,
      });
      progress.end(`${targets.length} stacks${cache ? `, ${cache.reused} from the cache` : ""}`);
      const version = await runner.terraformVersion();
      const { TerraformCli } = await import("../../lib/terraform/cli");
      const terraform = new TerraformCli({ ...terraformSettings(), offline, configDir: opts.out });
      let done = 0;
      const drifted: string[] = [];
      progress.phase(`refresh-only plans (terraform ${version})`, `0/${targets.length} stacks`);
      const checked = await checkDrift(targets, {
        terraform,
        outDir: opts.out,
        concurrency,
        onDone: (d) => {
          if (d.status !== "in-sync") drifted.push(`${d.stackId} ${d.status}`);
          progress.update(`${++done}/${targets.length} stacks${drifted.length ? `; ${drifted.join(", ")}` : ""}`);
        },
      });
      progress.end(
        `${targets.length} stacks, ${checked.filter((r) => r.status === "drifted").length} drifted, ${checked.filter((r) => r.status === "failed").length} failed`,
      );
      return checked;
    });
  }
  const md = driftMarkdown(results);
  if (opts.summary) appendFileSync(opts.summary, md);
  const bad = results.some((r) => r.status !== "in-sync");
  if (opts.markdown && bad) writeFileSync(opts.markdown, md);
  if (opts.json) printJson({ realms: byRealm(results), stacks: results });
  else {
    process.stdout.write(
      table(
        ["REALM", "STACK", "STATUS", "DRIFTED RESOURCES"],
        results.map((r) => [
          r.realm,
          r.stackId,
          r.status,
          r.resources.map((d) => `${d.address} (${d.actions.join("/")})`).join(", ") || r.reason || "",
        ]),
      ),
    );
  }
  return bad ? EXIT_USER : EXIT_OK;
}

function byRealm(results: readonly StackDrift[]): Record<string, { drifted: boolean; resources: string[] }> {
  const out: Record<string, { drifted: boolean; resources: string[] }> = Object.create(null);
  for (const r of results) {
    out[r.realm] ??= { drifted: false, resources: [] };
    out[r.realm]!.drifted ||= r.status !== "in-sync";
    out[r.realm]!.resources.push(...r.resources.map((d) => d.address));
  }
  return out;
}
