export { cliConfigText, writeCliConfig, type CliConfigOptions } from "./cli-config";
export { firstError, OFFLINE_AWS_ENV, TerraformCli, type StepResult, type TerraformSettings, type ValidateResult } from "./cli";
export { execLogged, terraformMissing, type ExecOptions, type ExecResult } from "./exec";
export { withInitLock } from "./init-lock";
export { mergeUnknown, normalisePlan, summarizePlan, SENSITIVE, UNKNOWN, type PlanJson, type PlanSummary } from "./plan-json";
export { createLimiter, defaultConcurrency, runPool, type PoolOutcome, type PoolOptions } from "./pool";
export {
  checkProviders,
  mirroredSources,
  mirrorVersions,
  qualifySource,
  requiredProviders,
  terraformPlatform,
  type ProviderStatus,
  type RequiredProvider,
} from "./providers";
export { PlanRunner, planFiles, type PlanPhase, type PlanRunnerOptions, type PlanTarget, type StackPlanResult } from "./runner";
export { satisfies } from "./version-constraint";
