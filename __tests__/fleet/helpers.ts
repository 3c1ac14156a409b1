import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory, type Inventory } from "../../lib/model/inventory";
import { synthesize } from "../../lib/stacks/synth";

/** The fleet fixture: known differences, flows and hand-computed costs. */
export const FLEET_FIXTURE = join(__dirname, "fixtures", "inventory");

export interface SynthesizedFixture {
  readonly dir: string;
  /** A copy of the fixture inventory, safe to edit. */
  readonly realms: string;
  readonly stacks: string;
  readonly inventory: Inventory;
  readonly cleanup: () => void;
}

/** Copies the fixture to a temp folder and synthesizes it there once (what `realmkit synth` writes). */
export function synthesizedFixture(): SynthesizedFixture {
  const dir = mkdtempSync(join(tmpdir(), "realmkit-fleet-"));
  const realms = join(dir, "realms");
  cpSync(FLEET_FIXTURE, realms, { recursive: true });
  const inventory = loadInventory(realms);
  const stacks = join(dir, "cdktf.out");
  synthesize(inventory, { backend: "local", outdir: stacks });
  return { dir, realms, stacks, inventory, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
