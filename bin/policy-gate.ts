import { readFileSync } from "node:fs";
import type { Inventory } from "../lib/model/inventory";
import { evaluateStackFiles, type StackFile } from "../lib/policy/gate";
import type { PolicyResult } from "../lib/policy/engine";
import { formatTable, summarize, summaryLine } from "../lib/policy/report";
import { checkStructure, formatStructureProblem } from "../lib/verify";

/** Thrown from the synth hook so the staged output is dropped; the reason is already printed. */
export class PolicyGateClosed extends Error {
  constructor(readonly result?: PolicyResult) {
    super("synthesized stacks failed their checks");
  }
}

/**
 * The gate every synth runs: each synthesized stack must be structurally sound (references
 * resolve, providers configured, no duplicates) and pass its realm's guardrails. Problems print
 * on stderr and close the gate; the summary of a pass goes to stdout.
 */
export function gate(inventory: Inventory, stacks: readonly StackFile[]): PolicyResult {
  // cdktf writes each stack from an object, so it cannot hold duplicate keys: that object (or
  // the file read with JSON.parse, not the key-preserving text parser) is what gets checked.
  const parsed = stacks.map((s) => ({ ...s, json: s.json ?? (JSON.parse(readFileSync(s.file, "utf8")) as Record<string, unknown>) }));
  const structural = parsed.flatMap((s) => checkStructure(s.json, s.stackId));
  if (structural.length > 0) {
    process.stderr.write(`\nstructure: the synthesized stacks are not valid Terraform\n\n${structural.map(formatStructureProblem).join("\n")}\n`);
    throw new PolicyGateClosed();
  }
  const result = evaluateStackFiles(inventory, parsed);
  const summary = summarize(result);
  if (summary.violations > 0) {
    process.stderr.write(`\nguardrails: the synthesized stacks violate their realms' policies\n\n${formatTable(result)}`);
    throw new PolicyGateClosed(result);
  }
  process.stdout.write(`guardrails: ${summaryLine(summary)}\n`);
  return result;
}
