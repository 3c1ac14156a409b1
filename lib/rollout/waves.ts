import type { Inventory } from "../model/inventory";
import type { Provider } from "../config/types";

export interface WaveStack {
  readonly stackId: string;
  readonly realm: string;
  readonly provider: Provider;
  readonly region: string;
  readonly account: string;
}

export interface Wave {
  readonly wave: number;
  /** Realm ids in inventory order. */
  readonly realms: readonly string[];
  readonly stacks: readonly WaveStack[];
}

/** The rollout waves of an inventory, lowest (wave 0, the canaries) first. */
export function rolloutWaves(inventory: Inventory): Wave[] {
  const byWave = new Map<number, { realms: string[]; stacks: WaveStack[] }>();
  for (const realm of inventory.realms) {
    const wave = realm.config.wave;
    if (!byWave.has(wave)) byWave.set(wave, { realms: [], stacks: [] });
    const entry = byWave.get(wave)!;
    entry.realms.push(realm.id);
    for (const t of realm.targets) {
      entry.stacks.push({ stackId: t.stackId, realm: realm.id, provider: t.provider, region: t.region, account: t.account });
    }
  }
  return [...byWave.entries()].sort(([a], [b]) => a - b).map(([wave, e]) => ({ wave, ...e }));
}

/** " did you mean wave 2?" for a wave no realm is in: the nearest wave that has realms (the lower on a tie). */
export function nearestWaveHint(inventory: Inventory, wave: number): string {
  const waves = [...new Set(inventory.realms.map((r) => r.config.wave))].sort((a, b) => a - b);
  if (waves.length === 0) return "";
  const nearest = waves.reduce((best, w) => (Math.abs(w - wave) < Math.abs(best - wave) ? w : best));
  return ` did you mean wave ${nearest}? (waves with realms: ${waves.join(", ")})`;
}
