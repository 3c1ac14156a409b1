import { App, Testing, type TerraformStack } from "../../lib/cdktf";
import type { Construct } from "constructs";
import { loadInventory } from "../../lib/model/inventory";
import type { StackOptions } from "../../lib/stacks/kit";
import { addRealmStacks } from "../../lib/stacks/synth";
import { FIXTURE_REALMS } from "./paths";

export { REPO_ROOT, FIXTURE_REALMS } from "./paths";

/** Synthesized Terraform JSON of one stack. */
export interface TfJson {
  resource?: Record<string, Record<string, Record<string, any>>>;
  data?: Record<string, Record<string, Record<string, any>>>;
  output?: Record<string, any>;
  provider?: Record<string, any[]>;
  terraform?: Record<string, any>;
  locals?: Record<string, any>;
  variable?: Record<string, any>;
}

/** Synthesizes whatever `build` adds to a bare stack (no provider, no backend). */
export function synthConstruct(build: (scope: Construct) => void): TfJson {
  return JSON.parse(Testing.synthScope(build)) as TfJson;
}

/** Synthesizes every stack of an inventory folder; keyed by stack id. */
export function synthInventory(
  dir: string = FIXTURE_REALMS,
  options: StackOptions = { backend: "local" },
  only?: readonly string[],
): Record<string, TfJson> {
  const app = Testing.app();
  const stacks = addRealmStacks(app as App, loadInventory(dir, only), options);
  return Object.fromEntries(
    stacks.map((s: TerraformStack & { target: { stackId: string } }) => [s.target.stackId, JSON.parse(Testing.synth(s)) as TfJson]),
  );
}

/** Synthesizes one stack of the sample inventory (e.g. `realm-us2`). */
export function synthStack(stackId: string, dir: string = FIXTURE_REALMS, options: StackOptions = { backend: "local" }): TfJson {
  const realm = stackId.replace(/^realm-/, "").split("-")[0]!;
  const json = synthInventory(dir, options, [realm])[stackId];
  if (!json) throw new Error(`no stack ${stackId} in ${dir}`);
  return json;
}

/** All resources of one type, by construct-derived name. */
export function resourcesOf(json: TfJson, type: string): Record<string, Record<string, any>> {
  return json.resource?.[type] ?? {};
}

/** The single resource of a type; fails when there is not exactly one. */
export function onlyResource(json: TfJson, type: string): Record<string, any> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0]!;
}

/** The single resource of a type whose `name` (or `key`) attribute is `name`. */
export function named(json: TfJson, type: string, name: string, key = "name"): Record<string, any> {
  const hits = Object.values(resourcesOf(json, type)).filter((r) => r[key] === name);
  if (hits.length !== 1) throw new Error(`expected one ${type} with ${key} ${name}, found ${hits.length}`);
  return hits[0]!;
}

/** The Terraform address (`type.key`) of the single resource of a type matching `where`. */
export function addressOf(json: TfJson, type: string, where: (r: Record<string, any>) => boolean = () => true): string {
  const hits = Object.entries(resourcesOf(json, type)).filter(([, r]) => where(r));
  if (hits.length !== 1) throw new Error(`expected one matching ${type}, found ${hits.length}`);
  return `${type}.${hits[0]![0]}`;
}

/** `${type.key.attr}` of the single resource of a type matching `where`. */
export function refTo(json: TfJson, type: string, attr: string, where?: (r: Record<string, any>) => boolean): string {
  return `\${${addressOf(json, type, where)}.${attr}}`;
}
