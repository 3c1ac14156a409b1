/** What `realmkit policy` evaluates besides the inventory: Terraform JSON files a user names. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { RealmkitError } from "../config/errors";
import { didYouMean } from "../config/suggest";
import type { Inventory } from "../model/inventory";
import { isProfile } from "./context";
import { evaluate, type PolicyResult, type StackInput } from "./engine";
import { inputsFor } from "./gate";
import { CLOUD_OF_PROVIDER } from "./regions";
import { PROFILES, type ProfileName } from "./types";
import { readStackFile } from "./view/load";
import { STACK_FILE } from "../terraform/json";

export function parseProfiles(names: readonly string[] | undefined): ProfileName[] | undefined {
  if (!names?.length) return undefined;
  for (const n of names) {
    if (!isProfile(n)) {
      throw new RealmkitError("RK-CLI-BAD-OPTION", `unknown profile \`${n}\`.${didYouMean(n, PROFILES)}`, {
        value: n,
        fix: `use one of: ${PROFILES.join(", ")}`,
      });
    }
  }
  return names as ProfileName[];
}

/** Stack files named on the command line: files as given, folders searched for `cdk.tf.json`. */
export function stackFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === STACK_FILE) out.push(p);
    }
  };
  for (const p of paths) {
    if (!existsSync(p))
      throw new RealmkitError("RK-POLICY-READ", `${p} does not exist`, {
        value: p,
        fix: "pass a cdk.tf.json, a plan JSON file, or a cdktf.out folder",
      });
    if (statSync(p).isDirectory()) {
      const before = out.length;
      walk(p);
      if (out.length === before)
        throw new RealmkitError("RK-POLICY-READ", `no cdk.tf.json under ${p}`, {
          value: p,
          fix: "run `realmkit synth` first, or pass the files themselves",
        });
    } else out.push(p);
  }
  return out;
}

/**
 * Files evaluated alone use the facts the JSON states (its tags); with --realms/--realm they
 * are matched to realms by stack name, and `--realm R` binds files without one (plan JSON).
 */
export function fileInputs(files: readonly string[], inventory: Inventory | undefined, realmIds: readonly string[]): StackInput[] {
  const views = files.map(readStackFile);
  const inputs = inputsFor(views, inventory);
  if (!inventory || realmIds.length !== 1) return inputs;
  const realm = inventory.realms.find((r) => r.id === realmIds[0]);
  if (!realm) return inputs;
  return inputs.map((input) => {
    if (input.realm) return input;
    const clouds = new Set(input.view.providers.map((p) => CLOUD_OF_PROVIDER[p.type]).filter(Boolean));
    const target = realm.targets.find((t) => clouds.has(t.provider)) ?? realm.targets[0];
    return { ...input, realm, target };
  });
}

/** Evaluates named stack or plan files, bound to realms of `inventory` where it can tell which. */
export function evaluateFiles(
  paths: readonly string[],
  inventory: Inventory | undefined,
  realmIds: readonly string[],
  profiles?: ProfileName[],
): PolicyResult {
  return evaluate(fileInputs(stackFiles(paths), inventory, realmIds), { profiles });
}
