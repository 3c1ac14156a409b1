import type { ResolvedRealm } from "../config/load";
import { DEFAULTS_FILE } from "../config/load";
import { RealmkitError } from "../config/errors";
import { locate } from "../config/merge";
import { basename } from "node:path";
import { DEFAULT_SUPPRESSION_MAX_DAYS, PROTECTED_RULES, dayAfter, isWildcard } from "../config/suppression-bounds";

/**
 * Suppressions are bounded exceptions: each ends within `policy.suppressionMaxDays` of today,
 * and rules that protect secrets and residency are suppressed for one named resource only.
 * `now` is a parameter so tests can pin the day; the CLI passes the current time.
 */
export function checkSuppressions(realm: ResolvedRealm, now: Date = new Date()): RealmkitError[] {
  const problems: RealmkitError[] = [];
  const at = (pointer: string) => locate(realm.provenance, pointer);
  const fail = (code: string, pointer: string, message: string, fix: string, value?: unknown) =>
    problems.push(new RealmkitError(code, message, { location: at(pointer), realm: realm.id, fix, value }));

  const bound = realm.config.policy?.suppressionMaxDays;
  const boundFrom = at("/policy/suppressionMaxDays");
  // A realm or a layer raising its own bound would make the bound meaningless.
  if (bound !== undefined && boundFrom && basename(boundFrom.file) !== DEFAULTS_FILE) {
    fail(
      "RK-CONFIG-SUPPRESSION",
      "/policy/suppressionMaxDays",
      `\`policy.suppressionMaxDays\` is set in ${basename(boundFrom.file)}; it bounds every realm's suppressions, so only ${DEFAULTS_FILE} may set it`,
      `remove it here and set it once in ${DEFAULTS_FILE}`,
      bound,
    );
  }
  const maxDays = bound !== undefined && (!boundFrom || basename(boundFrom.file) === DEFAULTS_FILE) ? bound : DEFAULT_SUPPRESSION_MAX_DAYS;
  const latest = dayAfter(now, maxDays);

  (realm.config.suppressions ?? []).forEach((s, i) => {
    const where = `suppressions[${i}]`;
    if (s.expires > latest) {
      fail(
        "RK-CONFIG-SUPPRESSION",
        `/suppressions/${i}/expires`,
        `\`${where}.expires\` is ${s.expires}, more than ${maxDays} days ahead; a suppression is a bounded exception, reviewed again when it ends`,
        `set \`expires: "${latest}"\` or earlier, and renew it after the next review (the bound is policy.suppressionMaxDays in ${DEFAULTS_FILE}, default ${DEFAULT_SUPPRESSION_MAX_DAYS})`,
        s.expires,
      );
    }
    if (PROTECTED_RULES.has(s.rule) && (s.resource === undefined || isWildcard(s.resource))) {
      const scope = s.resource === undefined ? "for the whole realm (no `resource`)" : `with the wildcard \`${s.resource}\``;
      fail(
        "RK-CONFIG-SUPPRESSION",
        s.resource === undefined ? `/suppressions/${i}/rule` : `/suppressions/${i}/resource`,
        `\`${where}\` suppresses ${s.rule} ${scope}; ${s.rule} protects secrets and data residency, so it is suppressed for one named resource at a time`,
        `name the one resource the exception is for, e.g. \`resource: ${exampleResource(s.rule)}\`, with one suppression per resource`,
        s.resource,
      );
    }
  });
  return problems;
}

function exampleResource(rule: string): string {
  if (rule === "RK-DATA-FLOW-RESIDENCY") return "dataFlows.crm-sync";
  if (rule === "RK-RUNTIME-CONFIG") return "aws_ssm_parameter.runtime_config";
  return "aws_s3_bucket_replication_configuration.exports";
}
