import type { Inventory } from "../lib/model/inventory";
import { evaluateStackFiles, targetOf, type StackFile } from "../lib/policy/gate";
import type { PolicyResult } from "../lib/policy/engine";
import { ALL_RULES } from "../lib/policy/rules";
import { keyOf } from "../lib/cache/key";
import type { SynthCache } from "../lib/stacks/synth-cache";
import { formatTable, summarize, summaryLine } from "../lib/policy/report";
import { checkStructure, foreignInterpolations, formatStructureProblem, type StructureProblem } from "../lib/verify";
import { readTerraformJson } from "../lib/terraform/json";

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

  /**
   * With a cache, a stack whose document is filed under a key (`key`, from the synth cache)
   * takes its verdict from there when the same document was checked before under the same
   * rules (the key covers Realmkit's code, the checks included), on the same UTC day
   * (suppressions expire by day) and with the realm file at the same path (findings quote it).
   */
  constructor(
    private readonly inventory: Inventory,
    private readonly cache?: SynthCache,
  ) {}

  /** Stacks checked this run, and those whose verdict came from the cache. */
  checked = 0;
  reused = 0;

  check(stacks: readonly (StackFile & { key?: string })[]): void {
    const fresh: (StackFile & { verdictKey?: string })[] = [];
    for (const s of stacks) {
      const verdictKey = this.verdictKey(s);
      const verdict = verdictKey ? this.cache!.getVerdict<CachedVerdict>(verdictKey) : undefined;
      if (verdict) {
        this.reused++;
        this.results.push(restore(verdict, s.file));
      } else fresh.push({ ...s, verdictKey });
    }
    if (fresh.length === 0) return;
    this.checked += fresh.length;
    // cdktf writes each stack from an object, so it cannot hold duplicate keys: that object (or
    // the file read with JSON.parse, not the key-preserving text parser) is what gets checked.
    const parsed = fresh.map((s) => ({ ...s, json: s.json ?? (readTerraformJson(s.file) as Record<string, unknown>) }));
    // Realm values are escaped where the model is built; an interpolation Realmkit's constructs
    // did not make means an escape hatch (or a new construct) reopened that hole.
    const problems = parsed.map((s) => [...checkStructure(s.json, s.stackId), ...foreignInterpolations(s.json, s.stackId)]);
    this.structural.push(...problems.flat());
    const result = evaluateStackFiles(this.inventory, parsed, { now: this.now });
    this.results.push(result);
    parsed.forEach((s, i) => {
      if (!s.verdictKey || problems[i]!.length > 0) return;
      const verdict = verdictOf(result, s.stackId, s.file);
      if (verdict) this.cache!.putVerdict(s.verdictKey, verdict);
    });
  }

  private verdictKey(s: { stackId: string; key?: string }): string | undefined {
    if (!this.cache || !s.key) return undefined;
    const match = targetOf(this.inventory, s.stackId);
    if (!match) return undefined;
    return keyOf("verdict", s.key, this.now.toISOString().slice(0, 10), match.realm.file, match.realm.resolved.sources);
  }

  close(): PolicyResult {
    if (this.structural.length > 0) {
      process.stderr.write(
        `\nstructure: the synthesized stacks are not valid Terraform\n\n${this.structural.map(formatStructureProblem).join("\n")}\n`,
      );
      throw new PolicyGateClosed();
    }
    const result: PolicyResult = {
      stacks: this.results.flatMap((r) => r.stacks),
      findings: this.results.flatMap((r) => r.findings),
      rules: this.results.find((r) => r.rules.length > 0)?.rules ?? ALL_RULES,
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

/** One stack's summary and findings, with the stack's own file path left out (it differs per run). */
interface CachedVerdict {
  readonly stacks: PolicyResult["stacks"];
  readonly findings: PolicyResult["findings"];
}

function verdictOf(result: PolicyResult, stackId: string, file: string): CachedVerdict | undefined {
  const stacks = result.stacks.filter((s) => s.stackId === stackId);
  const findings = result.findings.filter((f) => f.stackId === stackId);
  // Anything that names another file than the stack's own cannot be moved to the next run's path.
  if (stacks.length !== 1 || [...stacks, ...findings].some((x) => x.file !== undefined && x.file !== file)) return undefined;
  const drop = <T extends { file?: string }>(x: T): T => {
    const { file: _f, ...rest } = x;
    return { ...rest, ...(x.file !== undefined ? { file: FILE } : {}) } as T;
  };
  return { stacks: stacks.map(drop), findings: findings.map(drop) };
}

const FILE = "\u0000stack-file";

function restore(verdict: CachedVerdict, file: string): PolicyResult {
  const put = <T extends { file?: string }>(x: T): T => (x.file === FILE ? { ...x, file } : x);
  return { stacks: verdict.stacks.map(put), findings: verdict.findings.map(put), rules: [] };
}
