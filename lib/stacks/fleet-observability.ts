import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { PagerdutyProvider } from "@cdktf/provider-pagerduty/lib/provider";
import type { Construct } from "constructs";
import { RealmkitStack } from "./realmkit-stack";
import { App } from "../cdktf";
import type { Inventory } from "../model/inventory";
import type { Aggregator } from "../observability/aggregator";
import { DatadogAggregator } from "../observability/datadog";
import { NewRelicAggregator } from "../observability/newrelic";
import { addPagerDutyRouting } from "../observability/pagerduty";
import { aggregated, FLEET_STACK_ID, fleetPlan, hasFleetStack, type FleetPlan } from "../observability/plan";
import { manifestFile, readTerraformJson } from "../terraform/json";
import { traceReads } from "../cache/read-trace";
import { withPlainValueFastPath } from "../cdktf/plain-resolve";
import { withoutTokenStackTraces } from "../cdktf/token-traces";
import type { StackOptions } from "./kit";
import type { SynthCache } from "./synth-cache";
import { stackFile } from "./synth";
import { configureFleetBackend } from "./fleet-backend";

export { FLEET_STACK_ID };

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

export interface SynthesizedFleetStack<V = undefined> {
  readonly stackId: typeof FLEET_STACK_ID;
  readonly file: string;
  /** The document (parsed on first use when it came from the cache). */
  readonly json: Record<string, unknown>;
  readonly plan: FleetPlan;
  /** What `check` found, taken from the cache with the document when the trace held. */
  readonly verdict: V;
  /** The document came from the synth cache rather than from cdktf. */
  readonly cached: boolean;
}

type Manifest = { version?: string; stacks: Record<string, unknown> };

/**
 * Synthesizes the fleet stack into `outdir` beside the realm stacks (same layout), adds it
 * to the manifest.json the realm stacks' synthesis wrote, and runs `check` on the document
 * and the plan. Undefined when no realm has an aggregator.
 *
 * With a cache, the stack and the check read the inventory through a read trace
 * (lib/cache/read-trace.ts), and the document and the verdict are filed with the trace: a
 * later synthesis whose inventory answers every traced read the same way (an edit to sizes,
 * tags or services, which the fleet never reads) takes both from the cache, byte for byte,
 * without loading cdktf's bindings. JSON-serializable verdicts only.
 */
export function synthesizeFleetStack<V = undefined>(
  inventory: Inventory,
  outdir: string,
  options: StackOptions,
  cache?: SynthCache,
  check?: (json: Record<string, unknown>, plan: FleetPlan) => V,
): SynthesizedFleetStack<V> | undefined {
  if (!hasFleetStack(inventory)) return undefined;
  const manifest = manifestFile(outdir);
  const before: Manifest = existsSync(manifest) ? (readTerraformJson(manifest) as Manifest) : { stacks: {} };
  const file = stackFile(outdir, FLEET_STACK_ID);
  const key = cache?.inventoryKey(FLEET_STACK_ID, options);
  const hit = key ? cache!.getTraced(key, FLEET_STACK_ID, inventory) : undefined;
  let entry: unknown;
  let version: string | undefined;
  let parsed: Record<string, unknown> | undefined;
  let verdict: V | undefined;
  const plan = fleetPlan(inventory);
  if (hit) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, hit.document);
    entry = hit.manifestEntry;
    version = hit.manifestVersion;
    verdict = check && hit.verdict !== undefined ? (hit.verdict as V) : undefined;
  } else {
    const traced = key ? traceReads(inventory) : undefined;
    const input = traced?.proxy ?? inventory;
    parsed = withoutTokenStackTraces(() =>
      withPlainValueFastPath(() => {
        const app = new App({ outdir, skipValidation: false });
        const stack = new FleetObservabilityStack(app, input, options);
        app.synth();
        return stack.takeSynthesized();
      }),
    );
    parsed ??= readTerraformJson(file) as Record<string, unknown>;
    // Checked on the traced plan, so the verdict is part of what the trace vouches for.
    verdict = check?.(parsed, fleetPlan(input));
    const written = readTerraformJson(manifest) as Manifest;
    entry = written.stacks[FLEET_STACK_ID];
    version = written.version ?? before.version;
    const trace = traced?.trace();
    if (key && trace && entry !== undefined && written.version !== undefined) {
      cache!.putTraced(key, FLEET_STACK_ID, trace, readFileSync(file), entry, written.version, verdict);
    }
  }
  const stacks = Object.fromEntries(Object.entries({ ...before.stacks, [FLEET_STACK_ID]: entry }).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(manifest, JSON.stringify({ stacks, version: version ?? before.version }, null, 2));
  const document = () => (parsed ??= JSON.parse(hit!.document.toString("utf8")) as Record<string, unknown>);
  if (check && verdict === undefined) verdict = check(document(), plan);
  return {
    stackId: FLEET_STACK_ID,
    file,
    get json() {
      return document();
    },
    plan,
    verdict: verdict as V,
    cached: hit !== undefined,
  };
}
