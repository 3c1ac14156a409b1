import { defineResourceRule, fail, pass } from "../../types";
import { asNumber, show } from "../../view/values";

/** CloudWatch accepts only these retention periods. */
const VALID = new Set([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
export const PROD_MIN_RETENTION_DAYS = 365;

export default defineResourceRule({
  id: "RK-AWS-LOG-GROUP-RETENTION",
  title: "CloudWatch log groups keep logs for a defined period (a year in prod)",
  description: "Logs must be kept long enough for audits (365 days in prod) and not forever (storage limitation).",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_cloudwatch_log_group"],
  publicIds: { checkov: ["CKV_AWS_338", "CKV_AWS_66"], partial: { CKV_AWS_338: "a year in every tier; a year in prod only here" } },
  fix: `set \`retention_in_days\` (realm key observability.logRetentionDays): at least ${PROD_MIN_RETENTION_DAYS} in prod`,
  check(r, ctx) {
    const days = asNumber(r.values.retention_in_days);
    if (days === undefined || days === 0)
      return fail(`\`retention_in_days\` is ${show(r.values.retention_in_days)}: logs would be kept forever`);
    if (!VALID.has(days)) return fail(`\`retention_in_days\` is ${days}, which CloudWatch does not accept`);
    if ((ctx.tier === "prod" || ctx.tier === undefined) && days < PROD_MIN_RETENTION_DAYS) {
      return fail(`\`retention_in_days\` is ${days}, below ${PROD_MIN_RETENTION_DAYS} for ${ctx.tier ?? "a realm of unknown tier"}`);
    }
    return pass();
  },
});
