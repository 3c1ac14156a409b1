import type { Command } from "commander";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER, printJson } from "../cli-support";

/** Where `realmkit synth` wrote the stacks the fleet commands read (they never synthesize). */
const DEFAULT_STACKS = process.env.CDKTF_OUTDIR ?? "cdktf.out";

interface Common {
  realms: string;
  stacks: string;
  json?: boolean;
}

const common = (cmd: Command): Command =>
  cmd
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--stacks <dir>", "folder `realmkit synth` wrote (read, never written)", DEFAULT_STACKS)
    .option("--json", "print as JSON (shape in docs/fleet.md)");

// The fleet modules load on use: other commands keep their start-up time.
export function registerDiff(program: Command): void {
  common(
    program
      .command("diff")
      .description("how two realms differ: configuration with the line behind each value, and stack structure")
      .argument("<a>")
      .argument("<b>"),
  ).action(
    action(async (a: string, b: string, opts: Common) => {
      const [{ diffRealms, findRealm }, { SynthesizedStacks }, { renderDiff }] = await Promise.all([
        import("../../lib/fleet/diff"),
        import("../../lib/fleet/stacks"),
        import("../../lib/fleet/render"),
      ]);
      const inventory = loadInventory(opts.realms);
      const result = diffRealms(findRealm(inventory, a), findRealm(inventory, b), new SynthesizedStacks(opts.stacks));
      if (opts.json) printJson(result);
      else process.stdout.write(renderDiff(result));
      return EXIT_OK;
    }),
  );
}

export function registerMatrix(program: Command): void {
  common(
    program
      .command("matrix")
      .description("realm × facet table with outliers from each tier's majority")
      .option("--strict", "exit 1 when an outlier is not declared in `intended:`"),
  ).action(
    action(async (opts: Common & { strict?: boolean }) => {
      const [{ buildMatrix }, { SynthesizedStacks }, { renderMatrix }] = await Promise.all([
        import("../../lib/fleet/matrix"),
        import("../../lib/fleet/stacks"),
        import("../../lib/fleet/render"),
      ]);
      const matrix = buildMatrix(loadInventory(opts.realms).realms, new SynthesizedStacks(opts.stacks));
      if (opts.json) printJson(matrix);
      else process.stdout.write(renderMatrix(matrix));
      const undeclared = matrix.outliers.filter((o) => o.intended === undefined).length;
      if (opts.strict && undeclared > 0) {
        process.stderr.write(`matrix --strict: ${undeclared} undeclared outlier(s)\n`);
        return EXIT_USER;
      }
      return EXIT_OK;
    }),
  );
}

export function registerCost(program: Command): void {
  program
    .command("cost")
    .description("data flows per realm and fleet: GB/month, price per GB and its source, USD/month")
    .argument("[realms...]", "only these realms (default: all)")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--json", "print as JSON (shape in docs/fleet.md)")
    .action(
      action(async (only: string[], opts: Omit<Common, "stacks">) => {
        const [{ costReport }, { renderCost }, { findRealm }] = await Promise.all([
          import("../../lib/fleet/cost"),
          import("../../lib/fleet/render"),
          import("../../lib/fleet/diff"),
        ]);
        const inventory = loadInventory(opts.realms);
        const realms = only.length ? only.map((id) => findRealm(inventory, id)) : inventory.realms;
        const report = costReport(realms);
        if (opts.json) printJson(report);
        else process.stdout.write(renderCost(report));
        return EXIT_OK;
      }),
    );
}

export function registerDocs(program: Command): void {
  common(
    program
      .command("docs")
      .description("write a Markdown page per realm, an index and a static HTML fleet report with a world map")
      .option("--out <dir>", "folder for the docs (only files realmkit docs wrote are ever replaced)", "docs/realms")
      .option("--check", "write nothing; exit 1 when the docs in --out are stale"),
  ).action(
    action(async (opts: Common & { out: string; check?: boolean }) => {
      const [{ renderDocs, checkDocs, writeDocs }, { SynthesizedStacks }, { evaluateStackFiles }, { phases }] = await Promise.all([
        import("../../lib/fleet/docs"),
        import("../../lib/fleet/stacks"),
        import("../../lib/policy/gate"),
        import("../phases"),
      ]);
      const progress = phases("docs");
      let files: Awaited<ReturnType<typeof renderDocs>>;
      let inventory: ReturnType<typeof loadInventory>;
      try {
        progress.phase("load", opts.realms);
        inventory = loadInventory(opts.realms);
        progress.end(`${inventory.realms.length} realms`);
        const stacks = new SynthesizedStacks(opts.stacks);
        // Guardrails over the stacks synth wrote: docs read them, they never synthesize.
        progress.phase("guardrails over the synthesized stacks", opts.stacks);
        const present = stacks.present(inventory);
        const policy = present.length ? evaluateStackFiles(inventory, present) : undefined;
        progress.end(`${present.length} stacks read from ${opts.stacks}, none synthesized`);
        progress.phase("render", `${inventory.realms.length} realm pages, index and fleet report`);
        files = renderDocs(inventory, stacks, policy);
        progress.end(`${files.size} files`);
      } finally {
        progress.close();
      }
      if (opts.check) {
        const check = checkDocs(opts.out, files);
        const problems = [
          ...check.missing.map((f) => `missing ${f}`),
          ...check.stale.map((f) => `stale ${f}`),
          ...check.extra.map((f) => `left over ${f}`),
        ];
        if (opts.json) printJson({ upToDate: problems.length === 0, ...check });
        if (problems.length) {
          process.stderr.write(
            `${problems.map((p) => `${opts.out}/${p.split(" ")[1]}  ${p.split(" ")[0]}`).join("\n")}\nthe docs in ${opts.out} are out of date: run \`realmkit docs --out ${opts.out}\` and commit the result\n`,
          );
          return EXIT_USER;
        }
        if (!opts.json) process.stdout.write(`docs in ${opts.out} are up to date (${files.size} files)\n`);
        return EXIT_OK;
      }
      // Never the working folder, the inventory or `""`; an empty inventory would remove every page (lib/output).
      const { resolveOutput } = await import("../../lib/output/paths");
      resolveOutput(opts.out, { realmsDir: opts.realms, example: "docs/realms" });
      if (inventory.realms.length === 0) {
        throw new RealmkitError(
          "RK-OUTPUT-NO-REALMS",
          `the inventory ${opts.realms} has no realm: the docs in ${opts.out} were left unchanged`,
          {
            value: opts.realms,
            fix: "pass --realms with the folder that holds the realm files (realms/*.yaml)",
          },
        );
      }
      const { written, removed } = writeDocs(opts.out, files);
      if (opts.json) printJson({ out: opts.out, files: [...files.keys()], written, removed });
      else process.stdout.write(`docs: ${files.size} files in ${opts.out} (${written.length} written, ${removed.length} removed)\n`);
      return EXIT_OK;
    }),
  );
}
