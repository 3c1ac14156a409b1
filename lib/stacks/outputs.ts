import { TerraformOutput, type TerraformStack } from "../cdktf";

/**
 * Outputs every cloud's stack writes under the same name, whatever builds them: scripts and
 * dashboards read `database_host` of any realm without knowing its cloud. Cloud-specific
 * outputs (an AWS role ARN, an Azure vault URI) stay in their kit.
 */
export const COMMON_OUTPUTS = {
  databaseHost: "database_host",
  clusterName: "cluster_name",
  bucketNames: "bucket_names",
} as const;

export function commonOutput(stack: TerraformStack, output: keyof typeof COMMON_OUTPUTS, value: unknown): TerraformOutput {
  return new TerraformOutput(stack, COMMON_OUTPUTS[output], { value });
}
