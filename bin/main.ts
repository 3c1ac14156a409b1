import { App } from "cdktf";
import { loadInventory } from "../lib/model/inventory";
import { addRealmStacks } from "../lib/stacks/synth";
import { defaultRealmsDir, reportFailure } from "./cli-support";
import { parseBackend } from "./commands/synth";

/**
 * The cdktf app (`cdktf synth`, `cdktf deploy realm-us2`): one stack per realm/provider pair.
 * REALMKIT_REALMS picks the inventory, REALMKIT_BACKEND=local synthesizes local state.
 */
function main(): void {
  try {
    const inventory = loadInventory(defaultRealmsDir());
    const app = new App();
    addRealmStacks(app, inventory, { backend: parseBackend(process.env.REALMKIT_BACKEND ?? "remote") });
    app.synth();
  } catch (err) {
    process.exit(reportFailure(err));
  }
}

main();
