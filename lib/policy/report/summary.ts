import type { PolicyResult } from "../engine";
import { isViolation, type Finding } from "../types";

export interface Summary {
  readonly stacks: number;
  readonly rules: number;
  readonly checks: number;
  readonly passed: number;
  readonly failed: number;
  readonly suppressed: number;
  readonly errors: number;
  readonly notApplicable: number;
  /** Unsuppressed failures and rule errors: any makes the run fail. */
  readonly violations: number;
}

export function summarize(result: PolicyResult): Summary {
  const count = (p: (f: Finding) => boolean): number => result.findings.filter(p).length;
  return {
    stacks: result.stacks.length,
    rules: new Set(result.findings.map((f) => f.ruleId)).size,
    checks: result.findings.length,
    passed: count((f) => f.status === "pass"),
    failed: count((f) => f.status === "fail" && !f.suppressed),
    suppressed: count((f) => !!f.suppressed),
    errors: count((f) => f.status === "error"),
    notApplicable: count((f) => f.status === "not-applicable"),
    violations: count(isViolation),
  };
}

/** Failures first (by severity), then suppressed; stable within a group. */
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export function reportable(result: PolicyResult): Finding[] {
  const rank = (f: Finding): number => (f.status === "error" ? 0 : f.suppressed ? 2 : 1);
  return result.findings
    .filter((f) => f.status === "fail" || f.status === "error")
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

export function summaryLine(s: Summary): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(s.violations, "violation")} (${s.failed} failed, ${s.errors} rule errors), ${s.suppressed} suppressed; ${plural(s.stacks, "stack")}, ${plural(s.checks, "check")}: ${s.passed} passed, ${s.notApplicable} not applicable`;
}
