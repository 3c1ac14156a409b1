import { readFileSync } from "node:fs";
import type { Inventory } from "../lib/model/inventory";
import { evaluateStackFiles, type StackFile } from "../lib/policy/gate";
import type { PolicyResult } from "../lib/policy/engine";
import { formatTable, summarize, summaryLine } from "../lib/policy/report";
import { checkStructure, foreignInterpolations, formatStructureProblem, type StructureProblem } from "../lib/verify";

/** Thrown from the synth hook so the staged output is dropped; the reason is already printed. */
export class PolicyGateClosed extends Error {
  constructor(readonly result?: PolicyResult) {
    super("synthesized stacks failed their checks");
  }
}

/**
 * The gate every synth runs: each synthesized stack must be structurally sound (references
 * resolve, providers configured, no duplicates) and pass its realm's guardrails. `check` takes
 * stacks batch by batch as they are written, so their documents need not all be held at once;
 * `close` prints the problems on stderr and closes the gate, or the summary of a pass on stdout.
 */
export class SynthGate {
  private readonly structural: StructureProblem[] = [];
  private readonly results: PolicyResult[] = [];
  /** One clock for the whole run: a suppression cannot expire between two batches. */
  private readonly now = new Date();

  constructor(private readonly inventory: Inventory) {}

  check(stacks: readonly StackFile[]): void {
    // cdktf writes each stack from an object, so it cannot hold duplicate keys: that object (or
    // the file read with JSON.parse, not the key-preserving text parser) is what gets checked.
    const parsed = stacks.map((s) => ({ ...s, json: s.json ?? (JSON.parse(readFileSync(s.file, "utf8")) as Record<string, unknown>) }));
    // Realm values are escaped where the model is built; an interpolation Realmkit's constructs
    // did not make means an escape hatch (or a new construct) reopened that hole.
    this.structural.push(...parsed.flatMap((s) => [...checkStructure(s.json, s.stackId), ...foreignInterpolations(s.json, s.stackId)]));
    this.results.push(evaluateStackFiles(this.inventory, parsed, { now: this.now }));
  }

  close(): PolicyResult {
    if (this.structural.length > 0) {
      process.stderr.write(`\nstructure: the synthesized stacks are not valid Terraform\n\n${this.structural.map(formatStructureProblem).join("\n")}\n`);
      throw new PolicyGateClosed();
    }
    const result: PolicyResult = {
      stacks: this.results.flatMap((r) => r.stacks),
      findings: this.results.flatMap((r) => r.findings),
      rules: this.results[0]?.rules ?? [],
    };
    const summary = summarize(result);
    if (summary.violations > 0) {
      process.stderr.write(`\nguardrails: the synthesized stacks violate their realms' policies\n\n${formatTable(result)}`);
      throw new PolicyGateClosed(result);
    }
    process.stdout.write(`guardrails: ${summaryLine(summary)}\n`);
    return result;
  }
}
