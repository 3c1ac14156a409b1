import type { PolicyResult } from "../engine";
import { summarize } from "./summary";

export interface JsonReportOptions {
  readonly version?: string;
  readonly now?: Date;
}

/**
 * Machine-readable report: summary, stacks, and every finding that is not a plain pass
 * (failures, rule errors, suppressed and not-applicable checks, each with its reason).
 */
export function formatJson(result: PolicyResult, options: JsonReportOptions = {}): string {
  const report = {
    tool: { name: "realmkit", version: options.version },
    generatedAt: (options.now ?? new Date()).toISOString(),
    summary: summarize(result),
    stacks: result.stacks,
    findings: result.findings.filter((f) => f.status !== "pass"),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
