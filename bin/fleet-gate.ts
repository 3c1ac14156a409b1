import type { Inventory } from "../lib/model/inventory";
import type { StackOptions } from "../lib/stacks/kit";
import { hasFleetStack } from "../lib/observability/plan";
import { checkStructure, foreignInterpolations, formatStructureProblem } from "../lib/verify";
import { PolicyGateClosed } from "./policy-gate";

/**
 * Synthesizes the fleet-observability stack into `dir` beside the realm stacks (its backend as
 * the realm stacks': remote from `observability.fleetState`, or local) and checks it
 * as the synth gate checks realm stacks: structure, interpolations Realmkit did not make, and
 * the fleet guardrails (coverage, paging, log residency). Prints the problems and closes the
 * gate on any. The bindings (datadog, pagerduty, newrelic) load only when a realm has an
 * aggregator.
 */
export function synthesizeAndCheckFleet(inventory: Inventory, dir: string, options: Pick<StackOptions, "backend">): string | undefined {
  if (!hasFleetStack(inventory)) return undefined;
  const { synthesizeFleetStack } = require("../lib/stacks/fleet-observability") as typeof import("../lib/stacks/fleet-observability");
  const { checkFleetStack } = require("../lib/observability/fleet-check") as typeof import("../lib/observability/fleet-check");
  const fleet = synthesizeFleetStack(inventory, dir, options)!;
  const structural = [...checkStructure(fleet.json, fleet.stackId), ...foreignInterpolations(fleet.json, fleet.stackId)];
  if (structural.length > 0) {
    process.stderr.write(
      `\nstructure: the fleet-observability stack is not valid Terraform\n\n${structural.map(formatStructureProblem).join("\n")}\n`,
    );
    throw new PolicyGateClosed();
  }
  const problems = checkFleetStack(fleet.json, fleet.plan);
  if (problems.length > 0) {
    process.stderr.write(
      `\nguardrails: the fleet-observability stack fails its checks\n\n${problems.map((p) => `${p.realm}  error  ${p.code}  ${p.message}`).join("\n")}\n`,
    );
    throw new PolicyGateClosed();
  }
  return fleet.stackId;
}
