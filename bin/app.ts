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
    // REALMKIT_OFFLINE=1: what `realmkit plan --offline` synthesizes (local state, no account
    // lookups), so `cdktf diff` and `cdktf deploy` can plan without a cloud (docs/cdktf-cli.md).
    const offline = process.env.REALMKIT_OFFLINE === "1";
    const backend = parseBackend(process.env.REALMKIT_BACKEND ?? (offline ? "local" : "remote"));
    const gate = new SynthGate(inventory, cache);
    const afterBatch = (batch: Parameters<SynthGate["check"]>[0]) => gate.check(batch);
    if (cache) synthesizeIncrementally(inventory, { backend, offline }, process.env.CDKTF_OUTDIR ?? "cdktf.out", { cache, afterBatch });
    else synthesizeStacks(inventory, { backend, offline }, undefined, { customize: options.customize, afterBatch });
    // The fleet stack beside the realm stacks: `cdktf deploy fleet-observability` applies it.
    synthesizeAndCheckFleet(inventory, process.env.CDKTF_OUTDIR ?? "cdktf.out", { backend, offline }, cache);
    gate.close();
    return EXIT_OK;
  } catch (err) {
    if (err instanceof PolicyGateClosed) return EXIT_USER;
    return reportFailure(err);
  }
}
