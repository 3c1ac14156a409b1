import type { Inventory } from "../../model/inventory";
import type { RealmModel } from "../../model/realm-model";
import type { PolicyResult } from "../../policy/engine";
import { isViolation } from "../../policy/types";
import { costReport, type CostFlow, type CostReport } from "../cost";
import { buildMatrix, type Matrix, type Outlier } from "../matrix";
import { resourceCount, stackRealmkitVersion, stateLocation, type SynthesizedStacks } from "../stacks";

export interface StackFacts {
  readonly stackId: string;
  readonly provider: string;
  readonly region: string;
  readonly account: string;
  readonly primary: boolean;
  readonly components: readonly string[];
  /** Undefined when the stack has not been synthesized into the stacks folder. */
  readonly state?: string;
  readonly resources?: number;
  readonly realmkitVersion?: string;
}

export interface GuardrailFacts {
  readonly checked: boolean;
  readonly violations: number;
  readonly suppressed: number;
  readonly failingRules: readonly string[];
}

export interface RealmFacts {
  readonly realm: RealmModel;
  readonly stacks: readonly StackFacts[];
  readonly flows: readonly CostFlow[];
  readonly usdPerMonth: number;
  readonly outliers: readonly Outlier[];
  readonly guardrails: GuardrailFacts;
}

/** Everything the docs show, gathered once from the inventory, the stacks and the guardrails. */
export interface FleetFacts {
  readonly realms: readonly RealmFacts[];
  readonly matrix: Matrix;
  readonly cost: CostReport;
}

export function gatherFacts(inventory: Inventory, stacks: SynthesizedStacks, policy: PolicyResult | undefined): FleetFacts {
  const matrix = buildMatrix(inventory.realms, stacks);
  const cost = costReport(inventory.realms);
  const realms = inventory.realms.map((realm): RealmFacts => {
    const ids = new Set(realm.targets.map((t) => t.stackId));
    const findings = policy?.findings.filter((f) => ids.has(f.stackId)) ?? [];
    return {
      realm,
      stacks: realm.targets.map((t) => {
        const doc = stacks.get(t.stackId);
        return {
          stackId: t.stackId,
          provider: t.provider,
          region: t.region,
          account: t.account,
          primary: t.primary,
          components: [...t.components],
          ...(doc ? { state: stateLocation(doc), resources: resourceCount(doc), realmkitVersion: stackRealmkitVersion(doc) } : {}),
        };
      }),
      flows: cost.flows.filter((f) => f.realm === realm.id),
      usdPerMonth: cost.realms.find((r) => r.realm === realm.id)?.usdPerMonth ?? 0,
      outliers: matrix.outliers.filter((o) => o.realm === realm.id),
      guardrails: {
        checked: policy !== undefined && realm.targets.some((t) => stacks.get(t.stackId)),
        violations: findings.filter(isViolation).length,
        suppressed: findings.filter((f) => f.suppressed).length,
        failingRules: [...new Set(findings.filter(isViolation).map((f) => f.ruleId))].sort(),
      },
    };
  });
  return { realms, matrix, cost };
}
