import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { checkPlan, type PlanCheckResult } from "../policy/plan-check";
import { effectLine } from "../terraform/change-effect";
import { summarizePlan, type PlanJson, type PlanSummary } from "../terraform/plan-json";
import { readTerraformJson } from "../terraform/json";

/** One plan a CI plan job recorded: `plan-record.json` beside its `plan.json`. */
export interface ReviewedPlan {
  readonly stack: string;
  readonly realm: string;
  readonly summary?: PlanSummary;
  readonly check?: PlanCheckResult;
  readonly problem?: string;
}

/** Every recorded plan under `dir` (artifact downloads nest one folder per artifact). */
export function reviewRecordedPlans(dir: string, allowDestroy: readonly string[] = []): ReviewedPlan[] {
  const out: ReviewedPlan[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n === "plan-record.json") out.push(review(p, allowDestroy));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort((a, b) => a.stack.localeCompare(b.stack));
}

function review(recordFile: string, allowDestroy: readonly string[]): ReviewedPlan {
  let rec: { stack?: unknown; realm?: unknown };
  try {
    rec = JSON.parse(readFileSync(recordFile, "utf8"));
  } catch {
    return { stack: recordFile, realm: "?", problem: "unreadable plan record" };
  }
  const stack = typeof rec.stack === "string" ? rec.stack : recordFile;
  const realm = typeof rec.realm === "string" ? rec.realm : "?";
  const planFile = join(dirname(recordFile), "plan.json");
  if (!existsSync(planFile)) return { stack, realm, problem: "no plan.json beside the record" };
  try {
    const plan = readTerraformJson(planFile) as PlanJson;
    return { stack, realm, summary: summarizePlan(plan), check: checkPlan(plan, { allowDestroy }) };
  } catch (err) {
    return { stack, realm, problem: `plan.json cannot be read: ${(err as Error).message}` };
  }
}

/** The plans as the run summary shows them to the approver: counts and the destructive-change gate's verdict. */
export function reviewMarkdown(plans: readonly ReviewedPlan[]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const rows = plans.map((p) => {
    if (p.problem || !p.summary || !p.check)
      return `| ${esc(p.realm)} | ${esc(p.stack)} | - | - | - | - | FAILED: ${esc(p.problem ?? "")} |`;
    const blocked = p.check.blocked.map((d) => `BLOCKED ${d.action} ${d.kind} ${d.address}`);
    const allowed = p.check.destructive.filter((d) => d.allowedBy).map((d) => `allowed ${d.action} ${d.address}`);
    const verdict = blocked.length ? blocked.join("; ") : allowed.length ? `passes (${allowed.join("; ")})` : "passes";
    const interrupting = p.summary.effects.interrupting.map((c) => `${c.effect} ${c.address}: ${c.reason}`);
    const effect = `${effectLine(p.summary.effects)}${interrupting.length ? ` (${interrupting.join("; ")})` : ""}`;
    return `| ${esc(p.realm)} | ${esc(p.stack)} | ${p.summary.add} | ${p.summary.change} | ${p.summary.destroy} | ${esc(effect)} | ${esc(verdict)} |`;
  });
  return `### Plans to review\n\n| realm | stack | add | change | destroy | effect on the running realm | destructive-change gate |\n|---|---|---:|---:|---:|---|---|\n${rows.join("\n")}\n`;
}
