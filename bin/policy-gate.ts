import type { Inventory } from "../lib/model/inventory";
import { evaluateStackFiles, type StackFile } from "../lib/policy/gate";
import type { PolicyResult } from "../lib/policy/engine";
import { formatTable, summarize, summaryLine } from "../lib/policy/report";

/** Thrown from the synth hook so the staged output is dropped; carries the report. */
export class PolicyGateClosed extends Error {
  constructor(readonly result: PolicyResult) {
    super("guardrail violations");
  }
}

/**
 * The guardrails gate every synth runs: evaluates each synthesized stack against its realm's
 * profiles. Violations print the readable table on stderr and close the gate.
 */
export function gate(inventory: Inventory, stacks: readonly StackFile[]): PolicyResult {
  const result = evaluateStackFiles(inventory, stacks);
  const summary = summarize(result);
  if (summary.violations > 0) {
    process.stderr.write(`\nguardrails: the synthesized stacks violate their realms' policies\n\n${formatTable(result)}`);
    throw new PolicyGateClosed(result);
  }
  process.stderr.write(`guardrails: ${summaryLine(summary)}\n`);
  return result;
}
