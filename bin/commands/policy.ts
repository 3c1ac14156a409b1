import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { loadInventory, type Inventory } from "../../lib/model/inventory";
import type { PolicyResult } from "../../lib/policy/engine";
import { PROFILES, type ProfileName } from "../../lib/policy/types";
import type { BackendMode } from "../../lib/stacks/kit";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, packageVersion, printJson } from "../cli-support";
import { table } from "../table";
import { parseBackend } from "./synth";
import { phases, type Phases } from "../phases";

interface PolicyOptions {
  realms?: string;
  realm?: string[];
  profile?: string[];
  format: string;
  out?: string;
  backend: string;
  list?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(",").filter(Boolean)];

// The guardrails, cdktf and the provider bindings load on use, so other commands start fast.

/**
 * Synthesizes the inventory into a temp folder with `backend` (unchanged stacks from the synth
 * cache, byte for byte what a fresh synth writes) and evaluates every stack.
 */
async function evaluateInventory(inventory: Inventory, backend: BackendMode, profiles: ProfileName[] | undefined, progress: Phases): Promise<PolicyResult> {
  const [{ synthesize }, { evaluateStackFiles }, { openSynthCache }] = await Promise.all([
    import("../../lib/stacks/synth"),
    import("../../lib/policy/gate"),
    import("../../lib/stacks/synth-cache"),
  ]);
  const dir = mkdtempSync(join(tmpdir(), "realmkit-policy-"));
  try {
    const cache = openSynthCache(process.env);
    const total = inventory.realms.reduce((n, r) => n + r.targets.length, 0);
    let written = 0;
    progress.phase("synthesize", `0/${total} stacks`);
    const stacks = synthesize(inventory, {
      backend,
      outdir: join(dir, "out"),
      cache,
      afterBatch: (batch) => progress.update(`${(written += batch.length)}/${total} stacks`),
    });
    progress.end(`${total} stacks${cache ? `, ${cache.reused} from the cache` : ""}`);
    progress.phase("evaluate the guardrails", `${total} stacks`);
    const result = evaluateStackFiles(inventory, stacks, { profiles });
    progress.end();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rule catalogue; with --profile, only those profiles' rules and the controls they serve there. */
async function listRules(format: string, profiles: readonly string[] = []): Promise<number> {
  const { catalogue } = await import("../../lib/policy/catalogue");
  const wanted = new Set(profiles);
  const entries = catalogue().filter((e) => wanted.size === 0 || e.profiles.some((p) => wanted.has(p)));
  if (format === "json") {
    printJson(entries);
    return EXIT_OK;
  }
  const controls = (e: (typeof entries)[number]): string =>
    Object.entries(e.controls)
      .filter(([p, ids]) => (wanted.size === 0 || wanted.has(p)) && ids.length > 0)
      .map(([p, ids]) => `${p}:${ids.join(",")}`)
      .join(" ");
  process.stdout.write(table(["RULE", "CLOUD", "SEVERITY", "PROFILES", "CONTROLS", "TITLE"], entries.map((e) => [e.id, e.provider, e.severity, e.profiles.join(","), controls(e) || "-", e.title])));
  process.stdout.write(`\n${entries.length} rules\n`);
  return EXIT_OK;
}

export function registerPolicy(program: Command): void {
  program
    .command("policy")
    .description("check the inventory's stacks (or Terraform JSON / plan JSON files) against the guardrails")
    .argument("[files...]", "cdk.tf.json files, `terraform show -json` plan files, or cdktf.out folders")
    .option("--realms <dir>", `realm inventory folder (default: ${defaultRealmsDir()})`)
    .option("--realm <id>", "only these realms; with files, the realm a file belongs to (repeatable)", collect)
    .option("--profile <name>", `evaluate these profiles instead of the realms' compliance: ${PROFILES.join(", ")} (repeatable)`, collect)
    .option("--format <format>", "table | json | sarif | junit", "table")
    .option("--out <file>", "write the report to a file instead of stdout")
    .option("--backend <mode>", "backend to synthesize the inventory with: remote | local", "remote")
    .option("--list", "print the rule catalogue instead (table or --format json)")
    .action(
      action(async (files: string[], opts: PolicyOptions) => {
        if (opts.list) {
          const { parseProfiles } = await import("../../lib/policy/inputs");
          // Validates the names (exit 1 on a typo) before filtering the catalogue by them.
          return listRules(opts.format, opts.profile?.length ? (parseProfiles(opts.profile) ?? []) : []);
        }
        const outFile = opts.out !== undefined ? { realmsDir: opts.realms ?? defaultRealmsDir(), example: "realmkit.sarif", ours: (await import("../../lib/policy/report/signature")).isPolicyReport } : undefined;
        // Refused before the inventory is synthesized and checked, not after.
        if (outFile) (await import("../../lib/output/file")).checkOutputFilePath(opts.out!, outFile);
        const [{ evaluateFiles, parseProfiles }, { formatReport, parseReportFormat, summarize, summaryLine }] = await Promise.all([
          import("../../lib/policy/inputs"),
          import("../../lib/policy/report"),
        ]);
        const format = parseReportFormat(opts.format);
        const profiles = parseProfiles(opts.profile);
        const realmIds = opts.realm ?? [];
        let result: PolicyResult;
        if (files.length === 0) {
          const progress = phases("policy");
          try {
            const dir = opts.realms ?? defaultRealmsDir();
            progress.phase("load", dir);
            const inventory = loadInventory(dir, realmIds.length ? realmIds : undefined);
            progress.end(`${inventory.realms.length} realms`);
            result = await evaluateInventory(inventory, parseBackend(opts.backend), profiles, progress);
          } finally {
            progress.close();
          }
        } else {
          const inventory = opts.realms || realmIds.length ? loadInventory(opts.realms ?? defaultRealmsDir(), realmIds.length ? realmIds : undefined) : undefined;
          result = evaluateFiles(files, inventory, realmIds, profiles);
        }
        const report = formatReport(result, format, { version: packageVersion() });
        const summary = summarize(result);
        if (opts.out !== undefined && outFile) {
          // Only a report Realmkit wrote is replaced; never a folder, a link or another file (lib/output).
          (await import("../../lib/output/file")).writeOutputFile(opts.out, report, outFile);
          process.stderr.write(`${summaryLine(summary)}\nreport written to ${opts.out}\n`);
        } else {
          process.stdout.write(report);
        }
        return summary.violations > 0 ? EXIT_USER : EXIT_OK;
      }),
    );
}
