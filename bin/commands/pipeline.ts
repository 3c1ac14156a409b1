import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import type { Command } from "commander";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { githubWorkflow, renderWorkflow, WORKFLOW_FILE } from "../../lib/rollout/pipeline";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER } from "../cli-support";
import { parseCount } from "../terraform-env";

interface PipelineOptions {
  realms: string;
  out: string;
  check?: boolean;
  maxParallel: string;
  branch: string;
}

export function registerPipeline(program: Command): void {
  program
    .command("pipeline")
    .description("generate the CI/CD pipeline from the inventory")
    .argument("<system>", "CI system: github")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--out <file>", "workflow file", WORKFLOW_FILE)
    .option("--check", "do not write: exit 1 when the file differs from what the inventory generates")
    .option("--max-parallel <n>", "deploy jobs at once within a wave", "4")
    .option("--branch <name>", "branch that deploys", "main")
    .action(
      action((system: string, opts: PipelineOptions) => {
        if (system !== "github") {
          throw new RealmkitError("RK-CLI-BAD-OPTION", `unknown CI system \`${system}\``, { value: system, fix: "use `realmkit pipeline github`" });
        }
        const inventory = loadInventory(opts.realms);
        const realmsDir = relative(process.cwd(), opts.realms) || ".";
        const text = renderWorkflow(
          githubWorkflow(inventory, { realmsDir, branch: opts.branch, maxParallel: parseCount("--max-parallel", opts.maxParallel, 1) }),
        );
        if (opts.check) {
          const current = existsSync(opts.out) ? readFileSync(opts.out, "utf8") : undefined;
          if (current === text) {
            process.stdout.write(`${opts.out} is up to date\n`);
            return EXIT_OK;
          }
          process.stderr.write(
            `${opts.out} is ${current === undefined ? "missing" : "stale"}: it does not match the inventory in ${opts.realms}\n    fix: run \`npx realmkit pipeline github\` and commit ${opts.out}\n`,
          );
          return EXIT_USER;
        }
        mkdirSync(dirname(opts.out), { recursive: true });
        writeFileSync(opts.out, text);
        process.stdout.write(`wrote ${opts.out} for ${inventory.realms.length} realms\n`);
        return EXIT_OK;
      }),
    );
}
