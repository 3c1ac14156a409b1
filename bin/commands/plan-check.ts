import type { Command } from "commander";
import { checkPlan, formatPlanCheck, readPlanFile } from "../../lib/policy/plan-check";
import { action, EXIT_OK, EXIT_USER, printJson } from "../cli-support";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerPlanCheck(program: Command): void {
  program
    .command("plan-check")
    .description("fail when a plan deletes or replaces a database, key, bucket, vault, disk, DNS zone or secret")
    .argument("<plan>", "output of `terraform show -json plan.bin`")
    .option("--allow-destroy <address>", "an address (glob) whose deletion is intended (repeatable)", collect)
    .option("--json", "print the result as JSON")
    .action(
      action((plan: string, opts: { allowDestroy?: string[]; json?: boolean }) => {
        const result = checkPlan(readPlanFile(plan), { allowDestroy: opts.allowDestroy });
        if (opts.json) printJson(result);
        else (result.blocked.length ? process.stderr : process.stdout).write(formatPlanCheck(result));
        return result.blocked.length ? EXIT_USER : EXIT_OK;
      }),
    );
}
