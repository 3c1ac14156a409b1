import { loadInventory } from "../../lib/model/inventory";
import { componentProps, type ComponentPropsSet } from "../../lib/stacks/props";
import { TerraformElement } from "../../lib/cdktf";
import type { Construct } from "constructs";
import { FIXTURE_REALMS, synthConstruct, type TfJson } from "../helpers/synth";

export const KEY_ARN = "arn:aws:kms:us-east-2:111122223333:key/11111111-2222-3333-4444-555555555555";

/** Provider-neutral props of a sample realm's primary target, as the kit builds them. */
export function sampleProps(realm: string): ComponentPropsSet & { account: string } {
  const model = loadInventory(FIXTURE_REALMS, [realm]).realms[0]!;
  const target = model.targets[0]!;
  return { ...componentProps(model, target), account: target.account };
}

export interface Synthesized<T extends Construct = Construct> {
  readonly json: TfJson;
  /** The construct under test. */
  readonly root: T;
  /** The resource of `type` at `path` (relative to the construct under test), with its Terraform key. */
  res(type: string, path: string): { key: string; res: Record<string, any> };
  /** The data source of `type` at `path`. */
  data(type: string, path: string): { key: string; res: Record<string, any> };
}

/**
 * Synthesizes a construct and finds its resources by construct path, so tests read like the
 * construct (`cluster`, `pool-general/node-group`) instead of hashed Terraform keys.
 */
export function synthTree<T extends Construct>(build: (scope: Construct) => T): Synthesized<T> {
  let root: T | undefined;
  const json = synthConstruct((scope) => {
    root = build(scope);
  });
  const find = (block: "resource" | "data", type: string, path: string) => {
    const element = root!.node.findAll().find((c) => c.node.path === `${root!.node.path}/${path}`);
    if (!(element instanceof TerraformElement)) throw new Error(`no Terraform element at ${path}`);
    const key = element.friendlyUniqueId;
    const res = json[block]?.[type]?.[key];
    if (!res) throw new Error(`${path} is not a ${type}`);
    return { key, res };
  };
  return { json, root: root!, res: (type, path) => find("resource", type, path), data: (type, path) => find("data", type, path) };
}

/** A Terraform reference as cdktf renders it: `${type.key.attr}`. */
export function ref(type: string, key: string, attr: string): string {
  return `\${${type}.${key}.${attr}}`;
}
