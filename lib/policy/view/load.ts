import { RealmkitError } from "../../config/errors";
import { fromTerraformJson } from "./cdktf";
import { fromPlanJson } from "./plan";
import type { StackView } from "./types";
import { isObject } from "./values";
import { readTerraformJson } from "../../terraform/json";

/** Whether a parsed JSON document is `terraform show -json` output rather than a configuration. */
export function isPlanJson(json: Record<string, unknown>): boolean {
  return "planned_values" in json || "resource_changes" in json || ("format_version" in json && "values" in json);
}

/** Normalises either kind of Terraform JSON into a stack view. */
export function stackView(json: Record<string, unknown>, file?: string): StackView {
  return isPlanJson(json) ? fromPlanJson(json, file) : fromTerraformJson(json, file);
}

/** Reads a `cdk.tf.json` / `*.tf.json` or a `terraform show -json` file. */
export function readStackFile(file: string): StackView {
  let json: unknown;
  try {
    json = readTerraformJson(file);
  } catch (err) {
    throw new RealmkitError("RK-POLICY-READ", `cannot read ${file}: ${(err as Error).message}`, {
      location: { file, line: 1, col: 1 },
      fix: "pass a cdk.tf.json (cdktf.out/stacks/<stack>/cdk.tf.json) or the output of `terraform show -json PLAN`",
    });
  }
  if (!isObject(json) || !(isPlanJson(json) || "resource" in json || "terraform" in json || "provider" in json)) {
    throw new RealmkitError(
      "RK-POLICY-NOT-TERRAFORM",
      `${file} is neither Terraform JSON configuration nor \`terraform show -json\` output`,
      {
        location: { file, line: 1, col: 1 },
        fix: "pass a cdk.tf.json or run `terraform show -json PLAN > plan.json` and pass plan.json",
      },
    );
  }
  return stackView(json, file);
}
