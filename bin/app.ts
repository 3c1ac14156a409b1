import { loadInventory } from "../lib/model/inventory";
import type { RealmStack } from "../lib/stacks/realm-stack";
import { synthesizeStacks } from "../lib/stacks/synth";
import { defaultRealmsDir, EXIT_OK, EXIT_USER, reportFailure } from "./cli-support";
import { parseBackend } from "./commands/synth";
import { PolicyGateClosed, SynthGate } from "./policy-gate";

export interface AppOptions {
  /**
   * Changes the stacks before synthesis: the place for escape hatches (`addOverride`) in an
   * app that builds on Realmkit. The guardrails still check the result.
   */
  readonly customize?: (stacks: readonly RealmStack[]) => void;
}

/**
 * The cdktf app body: builds one stack per realm/provider pair, synthesizes them, then runs
 * the guardrails over what was written. Returns the exit code. (cdktf writes the output
 * itself, so on a violation the files exist but the synth fails and says why.)
 */
export function runApp(options: AppOptions = {}): number {
  try {
    const inventory = loadInventory(defaultRealmsDir());
    const backend = parseBackend(process.env.REALMKIT_BACKEND ?? "remote");
    const gate = new SynthGate(inventory);
    synthesizeStacks(inventory, { backend }, undefined, { customize: options.customize, afterBatch: (batch) => gate.check(batch) });
    gate.close();
    return EXIT_OK;
  } catch (err) {
    if (err instanceof PolicyGateClosed) return EXIT_USER;
    return reportFailure(err);
  }
}
