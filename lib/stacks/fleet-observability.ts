import { existsSync, writeFileSync } from "node:fs";
import { PagerdutyProvider } from "@cdktf/provider-pagerduty/lib/provider";
import type { Construct } from "constructs";
import { RealmkitStack } from "./realmkit-stack";
import { App } from "../cdktf";
import type { Inventory } from "../model/inventory";
import type { Aggregator } from "../observability/aggregator";
import { DatadogAggregator } from "../observability/datadog";
import { NewRelicAggregator } from "../observability/newrelic";
import { addPagerDutyRouting } from "../observability/pagerduty";
import { aggregated, fleetPlan, hasFleetStack, type FleetPlan } from "../observability/plan";
import { manifestFile, readTerraformJson } from "../terraform/json";
import { stackFile } from "./synth";
import { configureFleetBackend } from "./fleet-backend";
import type { StackOptions } from "./kit";

export const FLEET_STACK_ID = "fleet-observability";

/** The aggregator implementations, by the name `observability.aggregator` selects. */
const AGGREGATORS: readonly Aggregator[] = [new DatadogAggregator(), new NewRelicAggregator()];

/**
 * The aggregator and paging for the whole inventory, in one stack with its own state: the
 * realm stacks never depend on it and it reads nothing from theirs (the realm-side identities
 * have names both sides derive from the realm files). Its state is the inventory's
 * `observability.fleetState` (one store, set in _defaults.yaml), or with `--backend local` a
 * file beside the stack (`terraform.fleet-observability.tfstate`).
 */
export class FleetObservabilityStack extends RealmkitStack {
  readonly plan: FleetPlan;

  constructor(scope: Construct, inventory: Inventory, options: Pick<StackOptions, "backend">) {
    super(scope, FLEET_STACK_ID);
    this.plan = fleetPlan(inventory);
    configureFleetBackend(this, FLEET_STACK_ID, inventory, options.backend);
    const realms = aggregated(this.plan);
    // The token comes from PAGERDUTY_TOKEN in the environment, never from the stack.
    const routes = realms.some((r) => r.paging?.schedules.length) ? addPagerDutyRouting(withProvider(this), realms) : new Map();
    for (const aggregator of AGGREGATORS) {
      const mine = realms.filter((r) => r.destination!.aggregator === aggregator.name);
      if (mine.length) aggregator.build(this, mine, routes);
    }
  }
}

function withProvider(stack: RealmkitStack): RealmkitStack {
  new PagerdutyProvider(stack, "pagerduty", {});
  return stack;
}

export interface SynthesizedFleetStack {
  readonly stackId: typeof FLEET_STACK_ID;
  readonly file: string;
  readonly json: Record<string, unknown>;
  readonly plan: FleetPlan;
}

/**
 * Synthesizes the fleet stack into `outdir` beside the realm stacks (same layout) and adds it
 * to the manifest.json the realm stacks' synthesis wrote. Undefined when no realm has an
 * aggregator.
 */
export function synthesizeFleetStack(
  inventory: Inventory,
  outdir: string,
  options: Pick<StackOptions, "backend">,
): SynthesizedFleetStack | undefined {
  if (!hasFleetStack(inventory)) return undefined;
  const manifest = manifestFile(outdir);
  const before = existsSync(manifest)
    ? (readTerraformJson(manifest) as { version?: string; stacks: Record<string, unknown> })
    : { stacks: {} };
  const app = new App({ outdir, skipValidation: false });
  const stack = new FleetObservabilityStack(app, inventory, options);
  app.synth();
  const written = readTerraformJson(manifest) as { version?: string; stacks: Record<string, unknown> };
  const stacks = Object.fromEntries(Object.entries({ ...before.stacks, ...written.stacks }).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(manifest, JSON.stringify({ stacks, version: written.version ?? before.version }, null, 2));
  const file = stackFile(outdir, FLEET_STACK_ID);
  return {
    stackId: FLEET_STACK_ID,
    file,
    json: stack.takeSynthesized() ?? (readTerraformJson(file) as Record<string, unknown>),
    plan: stack.plan,
  };
}
