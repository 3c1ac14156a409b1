import { appendFileSync } from "node:fs";
import type { Command } from "commander";
import { checkAllowDestroy } from "../../lib/policy/address-pattern";
import { RealmkitError } from "../../lib/config/errors";
import { checkPlan, formatPlanCheck, readPlanFile } from "../../lib/policy/plan-check";
import { reviewMarkdown, reviewRecordedPlans } from "../../lib/rollout/review";
import { action, EXIT_OK, EXIT_USER, printJson } from "../cli-support";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerPlanCheck(program: Command): void {
  program
    .command("plan-check")
    .description("fail when a plan deletes or replaces a database, key, bucket, vault, disk, DNS zone or secret")
    .argument("[plan]", "output of `terraform show -json plan.bin`")
    .option("--results <dir>", "every plan recorded by CI plan jobs under DIR (plan-record.json + plan.json)")
    .option("--summary <file>", "with --results: append the review table as Markdown (a CI run summary)")
    .option(
      "--allow-destroy <address>",
      "a resource address whose deletion is intended; `*` stays inside one name, module.x.* is x's resources, module.x.** all below it (repeatable)",
      collect,
    )
    .option("--json", "print the result as JSON")
    .action(
      action((plan: string | undefined, opts: { allowDestroy?: string[]; json?: boolean; results?: string; summary?: string }) => {
        checkAllowDestroy(opts.allowDestroy);
        if (opts.results) {
          const plans = reviewRecordedPlans(opts.results, opts.allowDestroy);
          if (plans.length === 0) {
            throw new RealmkitError("RK-PLAN-CHECK-NO-PLANS", `no recorded plan under ${opts.results}`, {
              value: opts.results,
              fix: "download the plan jobs' artifacts into that folder",
            });
          }
          const md = reviewMarkdown(plans);
          if (opts.summary) appendFileSync(opts.summary, md);
          if (opts.json) printJson(plans);
          else process.stdout.write(md);
          return plans.some((p) => p.problem || (p.check?.blocked.length ?? 0) > 0) ? EXIT_USER : EXIT_OK;
        }
        if (!plan)
          throw new RealmkitError("RK-CLI-BAD-OPTION", "name a plan JSON file, or pass --results DIR", {
            fix: "realmkit plan-check plan.json",
          });
        const result = checkPlan(readPlanFile(plan), { allowDestroy: opts.allowDestroy });
        if (opts.json) printJson(result);
        else (result.blocked.length ? process.stderr : process.stdout).write(formatPlanCheck(result));
        return result.blocked.length ? EXIT_USER : EXIT_OK;
      }),
    );
}
