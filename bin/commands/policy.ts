import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { loadInventory, type Inventory } from "../../lib/model/inventory";
import type { PolicyResult } from "../../lib/policy/engine";
import type { ReportFormat } from "../../lib/policy/report";
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

/** Where `realmkit synth` writes by default: the path reports give a stack checked from scratch. */
const SYNTH_OUT = "cdktf.out";

/**
 * Synthesizes the inventory into a temp folder with `backend` (unchanged stacks from the synth
 * cache, byte for byte what a fresh synth writes), evaluates every stack and writes the report
 * while the files still exist (SARIF reads resource lines from them). The report names each
 * stack by its `cdktf.out/...` path, the one `realmkit synth` writes in the repository, never
 * the temp folder.
 */
async function reportInventory(
  inventory: Inventory,
  backend: BackendMode,
  profiles: ProfileName[] | undefined,
  render: (r: PolicyResult, displayPath: (f: string) => string) => string,
  progress: Phases,
) {
  const [{ synthesize }, { evaluateStackFiles }, { openSynthCache }] = await Promise.all([
    import("../../lib/stacks/synth"),
    import("../../lib/policy/gate"),
    import("../../lib/stacks/synth-cache"),
  ]);
  const dir = mkdtempSync(join(tmpdir(), "realmkit-policy-"));
  const out = join(dir, "out");
  const displayPath = (file: string) => {
    const rel = relative(out, resolve(file));
    return rel.startsWith("..") ? file : resolve(SYNTH_OUT, rel);
  };
  try {
    const cache = openSynthCache(process.env);
    const total = inventory.realms.reduce((n, r) => n + r.targets.length, 0);
    let written = 0;
    progress.phase("synthesize", `0/${total} stacks`);
    const stacks = synthesize(inventory, {
      backend,
      outdir: out,
      cache,
      afterBatch: (batch) => progress.update(`${(written += batch.length)}/${total} stacks`),
    });
    progress.end(`${total} stacks${cache ? `, ${cache.reused} from the cache` : ""}`);
    progress.phase("evaluate the guardrails", `${total} stacks`);
    const result = evaluateStackFiles(inventory, stacks, { profiles });
    progress.end();
    return { result, report: render(result, displayPath) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The inventory files are bound to: the one named, else the default folder when it exists, so
 * the realms' suppressions and compliance apply to `realmkit policy cdktf.out` as to a synth.
 */
function inventoryForFiles(opts: PolicyOptions, realmIds: string[]): Inventory | undefined {
  const dir = opts.realms ?? defaultRealmsDir();
  if (!opts.realms && !realmIds.length && !existsSync(dir)) return undefined;
  return loadInventory(dir, realmIds.length ? realmIds : undefined);
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
  process.stdout.write(
    table(
      ["RULE", "CLOUD", "SEVERITY", "PROFILES", "CONTROLS", "TITLE"],
      entries.map((e) => [e.id, e.provider, e.severity, e.profiles.join(","), controls(e) || "-", e.title]),
    ),
  );
  process.stdout.write(`\n${entries.length} rules\n`);
  return EXIT_OK;
}

const realmFileOf = (inventory: Inventory | undefined) => (realm: string) => inventory?.realms.find((r) => r.id === realm)?.file;

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
        const outFile =
          opts.out !== undefined
            ? {
                realmsDir: opts.realms ?? defaultRealmsDir(),
                example: "realmkit.sarif",
                ours: (await import("../../lib/policy/report/signature")).isPolicyReport,
              }
            : undefined;
        // Refused before the inventory is synthesized and checked, not after.
        if (outFile) (await import("../../lib/output/file")).checkOutputFilePath(opts.out!, outFile);
        const [{ evaluateFiles, parseProfiles }, { formatReport, parseReportFormat, summarize, summaryLine }] = await Promise.all([
          import("../../lib/policy/inputs"),
          import("../../lib/policy/report"),
        ]);
        const format = parseReportFormat(opts.format);
        const profiles = parseProfiles(opts.profile);
        const realmIds = opts.realm ?? [];
        const render = (inventory: Inventory | undefined) => (r: PolicyResult, displayPath?: (f: string) => string) =>
          formatReport(r, format as ReportFormat, { version: packageVersion(), displayPath, realmFile: realmFileOf(inventory) });
        let result: PolicyResult;
        let report: string;
        if (files.length === 0) {
          const progress = phases("policy");
          try {
            const dir = opts.realms ?? defaultRealmsDir();
            progress.phase("load", dir);
            const inventory = loadInventory(dir, realmIds.length ? realmIds : undefined);
            progress.end(`${inventory.realms.length} realms`);
            ({ result, report } = await reportInventory(inventory, parseBackend(opts.backend), profiles, render(inventory), progress));
          } finally {
            progress.close();
          }
        } else {
          const inventory = inventoryForFiles(opts, realmIds);
          result = evaluateFiles(files, inventory, realmIds, profiles);
          report = render(inventory)(result);
        }
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
