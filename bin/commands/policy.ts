import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory, type Inventory } from "../../lib/model/inventory";
import { catalogue } from "../../lib/policy/catalogue";
import { isProfile } from "../../lib/policy/context";
import { evaluate, type PolicyResult, type StackInput } from "../../lib/policy/engine";
import { evaluateStackFiles, inputsFor } from "../../lib/policy/gate";
import { formatReport, parseReportFormat, summarize, summaryLine } from "../../lib/policy/report";
import { PROFILES, type ProfileName } from "../../lib/policy/types";
import { readStackFile } from "../../lib/policy/view/load";
import { CLOUD_OF_PROVIDER } from "../../lib/policy/regions";
import { synthesize } from "../../lib/stacks/synth";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, packageVersion, printJson } from "../cli-support";
import { table } from "../table";
import { parseBackend } from "./synth";

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

function parseProfiles(names: readonly string[] | undefined): ProfileName[] | undefined {
  if (!names?.length) return undefined;
  for (const n of names) {
    if (!isProfile(n)) {
      throw new RealmkitError("RK-CLI-BAD-OPTION", `unknown profile \`${n}\``, { value: n, fix: `use one of: ${PROFILES.join(", ")}` });
    }
  }
  return names as ProfileName[];
}

/** Stack files named on the command line: files as given, folders searched for `cdk.tf.json`. */
export function stackFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === "cdk.tf.json") out.push(p);
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) throw new RealmkitError("RK-POLICY-READ", `${p} does not exist`, { value: p, fix: "pass a cdk.tf.json, a plan JSON file, or a cdktf.out folder" });
    if (statSync(p).isDirectory()) {
      const before = out.length;
      walk(p);
      if (out.length === before) throw new RealmkitError("RK-POLICY-READ", `no cdk.tf.json under ${p}`, { value: p, fix: "run `realmkit synth` first, or pass the files themselves" });
    } else out.push(p);
  }
  return out;
}

/**
 * Files evaluated alone use the facts the JSON states (its tags); with --realms/--realm they
 * are matched to realms by stack name, and `--realm R` binds files without one (plan JSON).
 */
function fileInputs(files: readonly string[], inventory: Inventory | undefined, realmIds: readonly string[]): StackInput[] {
  const views = files.map(readStackFile);
  const inputs = inputsFor(views, inventory);
  if (!inventory || realmIds.length !== 1) return inputs;
  const realm = inventory.realms.find((r) => r.id === realmIds[0]);
  if (!realm) return inputs;
  return inputs.map((input) => {
    if (input.realm) return input;
    const clouds = new Set(input.view.providers.map((p) => CLOUD_OF_PROVIDER[p.type]).filter(Boolean));
    const target = realm.targets.find((t) => clouds.has(t.provider)) ?? realm.targets[0];
    return { ...input, realm, target };
  });
}

function evaluateInventory(inventory: Inventory, backend: string, profiles: ProfileName[] | undefined): PolicyResult {
  const dir = mkdtempSync(join(tmpdir(), "realmkit-policy-"));
  try {
    const stacks = synthesize(inventory, { backend: parseBackend(backend), outdir: join(dir, "out") });
    return evaluateStackFiles(inventory, stacks, { profiles });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listRules(format: string): number {
  const entries = catalogue();
  if (format === "json") {
    printJson(entries);
    return EXIT_OK;
  }
  process.stdout.write(table(["RULE", "CLOUD", "SEVERITY", "PROFILES", "TITLE"], entries.map((e) => [e.id, e.provider, e.severity, e.profiles.join(","), e.title])));
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
      action((files: string[], opts: PolicyOptions) => {
        if (opts.list) return listRules(opts.format);
        const format = parseReportFormat(opts.format);
        const profiles = parseProfiles(opts.profile);
        const realmIds = opts.realm ?? [];
        let result: PolicyResult;
        if (files.length === 0) {
          const inventory = loadInventory(opts.realms ?? defaultRealmsDir(), realmIds.length ? realmIds : undefined);
          result = evaluateInventory(inventory, opts.backend, profiles);
        } else {
          const inventory = opts.realms || realmIds.length ? loadInventory(opts.realms ?? defaultRealmsDir(), realmIds.length ? realmIds : undefined) : undefined;
          result = evaluate(fileInputs(stackFiles(files), inventory, realmIds), { profiles });
        }
        const report = formatReport(result, format, { version: packageVersion() });
        const summary = summarize(result);
        if (opts.out) {
          writeFileSync(opts.out, report);
          process.stderr.write(`${summaryLine(summary)}\nreport written to ${opts.out}\n`);
        } else {
          process.stdout.write(report);
        }
        return summary.violations > 0 ? EXIT_USER : EXIT_OK;
      }),
    );
}
