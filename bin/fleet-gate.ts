import type { Inventory } from "../lib/model/inventory";
import type { StackOptions } from "../lib/stacks/kit";
import type { SynthCache } from "../lib/stacks/synth-cache";
import { hasFleetStack } from "../lib/observability/plan";
import { checkStructure, foreignInterpolations, formatStructureProblem } from "../lib/verify";
import { PolicyGateClosed } from "./policy-gate";

/**
 * Synthesizes the fleet-observability stack into `dir` beside the realm stacks (its backend as
 * the realm stacks': remote from `observability.fleetState`, or local) and checks it
 * as the synth gate checks realm stacks: structure, interpolations Realmkit did not make, and
 * the fleet guardrails (coverage, paging, log residency). Prints the problems and closes the
 * gate on any. The bindings (datadog, pagerduty, newrelic) load only when a realm has an
 * aggregator. With a cache, an unchanged fleet document comes from it; the checks still run.
 */
export function synthesizeAndCheckFleet(inventory: Inventory, dir: string, options: StackOptions, cache?: SynthCache): string | undefined {
  if (!hasFleetStack(inventory)) return undefined;
  const { synthesizeFleetStack, FLEET_STACK_ID } =
    require("../lib/stacks/fleet-observability") as typeof import("../lib/stacks/fleet-observability");
  const { checkFleetStack } = require("../lib/observability/fleet-check") as typeof import("../lib/observability/fleet-check");
  // Plain strings, so the verdict can be filed with the cached document.
  const fleet = synthesizeFleetStack(inventory, dir, options, cache, (json, plan) => ({
    structural: [...checkStructure(json, FLEET_STACK_ID), ...foreignInterpolations(json, FLEET_STACK_ID)].map(formatStructureProblem),
    problems: checkFleetStack(json, plan).map((p) => `${p.realm}  error  ${p.code}  ${p.message}`),
  }))!;
  const { structural, problems } = fleet.verdict;
  if (structural.length > 0) {
    process.stderr.write(`\nstructure: the fleet-observability stack is not valid Terraform\n\n${structural.join("\n")}\n`);
    throw new PolicyGateClosed();
  }
  if (problems.length > 0) {
    process.stderr.write(`\nguardrails: the fleet-observability stack fails its checks\n\n${problems.join("\n")}\n`);
    throw new PolicyGateClosed();
  }
  return fleet.stackId;
}
