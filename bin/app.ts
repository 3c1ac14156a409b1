import { loadInventory } from "../lib/model/inventory";
import type { RealmStack } from "../lib/stacks/realm-stack";
import { synthesizeIncrementally } from "../lib/stacks/incremental-synth";
import { synthesizeStacks } from "../lib/stacks/synth";
import { openSynthCache } from "../lib/stacks/synth-cache";
import { defaultRealmsDir, EXIT_OK, EXIT_USER, reportFailure } from "./cli-support";
import { parseBackend } from "./commands/synth";
import { synthesizeAndCheckFleet } from "./fleet-gate";
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
    // An app that customizes stacks runs code the cache keys cannot see: it synthesizes afresh.
    const cache = options.customize ? undefined : openSynthCache(process.env);
    const inventory = loadInventory(defaultRealmsDir(), undefined, cache?.realms);
    const backend = parseBackend(process.env.REALMKIT_BACKEND ?? "remote");
    const gate = new SynthGate(inventory, cache);
    const afterBatch = (batch: Parameters<SynthGate["check"]>[0]) => gate.check(batch);
    if (cache) synthesizeIncrementally(inventory, { backend }, process.env.CDKTF_OUTDIR ?? "cdktf.out", { cache, afterBatch });
    else synthesizeStacks(inventory, { backend }, undefined, { customize: options.customize, afterBatch });
    // The fleet stack beside the realm stacks: `cdktf deploy fleet-observability` applies it.
    synthesizeAndCheckFleet(inventory, process.env.CDKTF_OUTDIR ?? "cdktf.out");
    gate.close();
    return EXIT_OK;
  } catch (err) {
    if (err instanceof PolicyGateClosed) return EXIT_USER;
    return reportFailure(err);
  }
}
