import { closest } from "fastest-levenshtein";
import { formatLocation, RealmkitError, RealmkitErrors } from "../config/errors";
import { locate } from "../config/merge";
import { childPointer } from "../config/pointer";
import type { RealmModel } from "../model/realm-model";
import { FACET_IDS, FACETS, type Facet } from "./facets";
import type { SynthesizedStacks } from "./stacks";

/** A realm whose value of a compared facet is not its group's majority value. */
export interface Outlier {
  readonly realm: string;
  readonly facet: string;
  readonly value: string;
  readonly majority: string;
  /** Realms compared (same tier, and same cloud for a cloud-specific facet) and how many hold the majority. */
  readonly group: string;
  readonly groupSize: number;
  readonly majorityCount: number;
  /** The reason from the realm's `intended:` section, when the difference is declared. */
  readonly intended?: string;
  readonly intendedAt?: string;
}

/** `realmkit matrix --json`: documented in docs/fleet.md. */
export interface Matrix {
  readonly facets: readonly { readonly id: string; readonly title: string; readonly compared: boolean; readonly cloudSpecific: boolean }[];
  readonly rows: readonly { readonly realm: string; readonly values: Readonly<Record<string, string>> }[];
  readonly outliers: readonly Outlier[];
  /** `intended:` entries that no longer match an outlier: the realm is back in line, or the facet moved. */
  readonly staleIntended: readonly { readonly realm: string; readonly facet: string; readonly at?: string }[];
}

/**
 * Realm × facet, with outliers: for each compared facet, realms are grouped by tier (and
 * primary cloud for cloud-specific facets); a value is an outlier when a strict majority of
 * the group holds another one. No majority (a split group, or a group of one) flags nothing.
 */
export function buildMatrix(realms: readonly RealmModel[], stacks: SynthesizedStacks): Matrix {
  checkIntended(realms);
  const rows = realms.map((r) => ({
    realm: r.id,
    values: Object.fromEntries(FACETS.map((f) => [f.id, f.value(r, stacks)])) as Record<string, string>,
  }));
  const valueOf = new Map(rows.map((row) => [row.realm, row.values]));
  const outliers: Outlier[] = [];
  for (const facet of FACETS.filter((f) => f.compared)) {
    for (const [group, members] of groups(realms, facet)) {
      const counts = new Map<string, number>();
      for (const m of members) {
        const v = valueOf.get(m.id)![facet.id]!;
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const [majority, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      if (count * 2 <= members.length) continue;
      for (const m of members) {
        const value = valueOf.get(m.id)![facet.id]!;
        if (value === majority) continue;
        const reason = intendedOf(m, facet.id);
        const at = reason === undefined ? undefined : locate(m.resolved.provenance, childPointer("/intended", facet.id));
        outliers.push({
          realm: m.id,
          facet: facet.id,
          value,
          majority,
          group,
          groupSize: members.length,
          majorityCount: count,
          ...(reason !== undefined ? { intended: reason, ...(at ? { intendedAt: formatLocation(at) } : {}) } : {}),
        });
      }
    }
  }
  const flagged = new Set(outliers.map((o) => `${o.realm}|${o.facet}`));
  const staleIntended = realms.flatMap((r) =>
    Object.keys(r.config.intended ?? {})
      .filter((facet) => !flagged.has(`${r.id}|${facet}`))
      .map((facet) => {
        const at = locate(r.resolved.provenance, childPointer("/intended", facet));
        return { realm: r.id, facet, ...(at ? { at: formatLocation(at) } : {}) };
      }),
  );
  return {
    facets: FACETS.map(({ id, title, compared, cloudSpecific }) => ({ id, title, compared, cloudSpecific })),
    rows,
    outliers,
    staleIntended,
  };
}

function groups(realms: readonly RealmModel[], facet: Facet): Map<string, RealmModel[]> {
  const out = new Map<string, RealmModel[]>();
  for (const r of realms) {
    const key = facet.cloudSpecific ? `tier ${r.config.tier}, ${r.targets[0]!.provider}` : `tier ${r.config.tier}`;
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

function intendedOf(realm: RealmModel, facet: string): string | undefined {
  const intended = realm.config.intended;
  return intended && Object.hasOwn(intended, facet) ? intended[facet] : undefined;
}

/** An `intended:` key that names no facet is a typo: say which facet was meant. */
export function checkIntended(realms: readonly RealmModel[]): void {
  const problems = realms.flatMap((r) =>
    Object.keys(r.config.intended ?? {})
      .filter((facet) => !FACET_IDS.includes(facet) || !FACETS.find((f) => f.id === facet)!.compared)
      .map((facet) => {
        const compared = FACETS.filter((f) => f.compared).map((f) => f.id);
        const known = FACET_IDS.includes(facet);
        return new RealmkitError(
          "RK-FLEET-UNKNOWN-FACET",
          known
            ? `\`intended.${facet}\`: ${facet} is not compared between realms, so it needs no declaration`
            : `\`intended.${facet}\` names no matrix facet. did you mean \`${closest(facet, compared)}\`?`,
          {
            location: locate(r.resolved.provenance, childPointer("/intended", facet)),
            value: facet,
            realm: r.id,
            fix: `use one of: ${compared.join(", ")}`,
          },
        );
      }),
  );
  if (problems.length > 0) throw new RealmkitErrors(problems);
}
