import { evaluate, type EvaluateOptions } from "../../lib/policy/engine";
import { ALL_RULES } from "../../lib/policy/rules";
import { PROFILES, type Finding, type Rule } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import type { CloudTarget, RealmModel } from "../../lib/model/realm-model";
import type { TfJson } from "../helpers/synth";

export function ruleById(id: string): Rule {
  const rule = ALL_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

export interface RunOptions extends EvaluateOptions {
  readonly realm?: RealmModel;
  readonly target?: CloudTarget;
}

/** Runs one rule over a fixture with every profile selected (so the rule always applies). */
export function runRule(id: string, json: TfJson, options: RunOptions = {}): Finding[] {
  const view = fromTerraformJson(json as Record<string, unknown>, "fixture.tf.json");
  return [
    ...evaluate([{ view, realm: options.realm, target: options.target }], { profiles: [...PROFILES], rules: [ruleById(id)], ...options })
      .findings,
  ];
}

export const addressesWith = (findings: readonly Finding[], status: Finding["status"]): string[] =>
  findings
    .filter((f) => f.status === status)
    .map((f) => f.address)
    .sort();
