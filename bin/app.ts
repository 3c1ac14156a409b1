import { App } from "cdktf";
import { loadInventory } from "../lib/model/inventory";
import type { RealmStack } from "../lib/stacks/realm-stack";
import { addRealmStacks, stackFile } from "../lib/stacks/synth";
import { defaultRealmsDir, EXIT_OK, EXIT_USER, reportFailure } from "./cli-support";
import { parseBackend } from "./commands/synth";
import { gate, PolicyGateClosed } from "./policy-gate";

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
    const app = new App();
    const stacks = addRealmStacks(app, inventory, { backend: parseBackend(process.env.REALMKIT_BACKEND ?? "remote") });
    options.customize?.(stacks);
    app.synth();
    gate(
      inventory,
      stacks.map((s) => ({ stackId: s.target.stackId, file: stackFile(app.outdir, s.target.stackId) })),
    );
    return EXIT_OK;
  } catch (err) {
    if (err instanceof PolicyGateClosed) return EXIT_USER;
    return reportFailure(err);
  }
}
