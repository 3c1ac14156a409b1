import { RealmkitError } from "../config/errors";
import { didYouMean } from "../config/suggest";
import type { Inventory } from "../model/inventory";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { configDiff, type ConfigDifference } from "./config-diff";
import type { SynthesizedStacks } from "./stacks";
import { crossCloudDiff, sameCloudDiff, type StackDiff } from "./structure-diff";

/** `realmkit diff A B --json`: documented in docs/fleet.md. */
export interface RealmDiff {
  readonly a: string;
  readonly b: string;
  readonly config: readonly ConfigDifference[];
  /** One entry per pair of stacks compared: primary with primary, then further clouds by provider. */
  readonly stacks: readonly StackDiff[];
  /** Stacks of one realm with no counterpart in the other. */
  readonly unpaired: readonly { readonly realm: string; readonly stackId: string; readonly provider: string }[];
  /** True when the stacks differ only in realm-specific values. */
  readonly structurallyEqual: boolean;
}

export function findRealm(inventory: Inventory, id: string): RealmModel {
  const realm = inventory.realms.find((r) => r.id === id);
  if (!realm) {
    const ids = inventory.realms.map((r) => r.id);
    throw new RealmkitError("RK-FLEET-UNKNOWN-REALM", `no realm \`${id}\` in ${inventory.dir}.${didYouMean(id, ids)}`, {
      value: id,
      fix: `use one of: ${ids.join(", ") || "(the inventory is empty)"}`,
    });
  }
  return realm;
}

function pairs(
  a: RealmModel,
  b: RealmModel,
): { pairs: [CloudTarget, CloudTarget][]; unpaired: { realm: string; stackId: string; provider: string }[] } {
  const out: [CloudTarget, CloudTarget][] = [[a.targets[0]!, b.targets[0]!]];
  const rest = b.targets.slice(1);
  const unpaired: { realm: string; stackId: string; provider: string }[] = [];
  for (const t of a.targets.slice(1)) {
    const i = rest.findIndex((x) => x.provider === t.provider);
    if (i >= 0) out.push([t, rest.splice(i, 1)[0]!]);
    else unpaired.push({ realm: a.id, stackId: t.stackId, provider: t.provider });
  }
  unpaired.push(...rest.map((t) => ({ realm: b.id, stackId: t.stackId, provider: t.provider })));
  return { pairs: out, unpaired };
}

export function diffRealms(a: RealmModel, b: RealmModel, stacks: SynthesizedStacks): RealmDiff {
  const { pairs: matched, unpaired } = pairs(a, b);
  const stackDiffs = matched.map(([ta, tb]): StackDiff => {
    const da = stacks.require(ta.stackId, a.id);
    const db = stacks.require(tb.stackId, b.id);
    return ta.provider === tb.provider ? sameCloudDiff(a, ta, da, b, tb, db) : crossCloudDiff(ta, da, tb, db);
  });
  const structurallyEqual =
    unpaired.length === 0 &&
    stackDiffs.every(
      (d) =>
        d.mode === "same-cloud" && d.types.length === 0 && d.onlyInA.length === 0 && d.onlyInB.length === 0 && d.attributes.length === 0,
    );
  return { a: a.id, b: b.id, config: configDiff(a, b), stacks: stackDiffs, unpaired, structurallyEqual };
}
