import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Terraform JSON on disk, in one place: the `cdktf.out` layout (`stacks/<stack id>/cdk.tf.json`
 * beside `manifest.json`, as `cdktf synth` writes it and terraform runs it) and the one reader of
 * Terraform JSON files, configuration and `terraform show -json` plans alike. No cdktf here:
 * commands that only read stacks and plans start without loading it.
 */
export const STACK_FILE = "cdk.tf.json";
export const MANIFEST_FILE = "manifest.json";
export const STACKS_SUBDIR = "stacks";

/** The folder of one stack in a synth output folder (terraform's working folder for it). */
export function stackDir(outdir: string, stackId: string): string {
  return join(outdir, STACKS_SUBDIR, stackId);
}

/** Path of a stack's `cdk.tf.json` in a synth output folder. */
export function stackFile(outdir: string, stackId: string): string {
  return join(stackDir(outdir, stackId), STACK_FILE);
}

export function manifestFile(outdir: string): string {
  return join(outdir, MANIFEST_FILE);
}

/**
 * Reads a Terraform JSON file (a `cdk.tf.json`, a manifest, a `terraform show -json` plan).
 * Throws what `readFileSync` or `JSON.parse` throws: each caller words the error for its
 * command (RK-POLICY-READ, RK-PLAN-READ, RK-FLEET-BAD-STACK, ...).
 */
export function readTerraformJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Reads the `cdk.tf.json` in a stack's folder. */
export function readStackIn(dir: string): Record<string, unknown> {
  return readTerraformJson(join(dir, STACK_FILE)) as Record<string, unknown>;
}
