/**
 * Guardrails: rules over synthesized Terraform JSON (cdk.tf.json or `terraform show -json`),
 * compliance profiles, suppressions, reports, and the destructive-change plan gate.
 */
export { catalogue, catalogueMarkdown, type CatalogueEntry } from "./catalogue";
export { ruleContext, selectProfiles, isProfile } from "./context";
export { evaluate, stackIdOf, type EvaluateOptions, type PolicyResult, type StackInput, type StackSummary } from "./engine";
export { evaluateStackFiles, inputsFor, targetOf, type StackFile } from "./gate";
export {
  checkPlan,
  formatPlanCheck,
  readPlanFile,
  type DestructiveChange,
  type PlanCheckOptions,
  type PlanCheckResult,
} from "./plan-check";
export { formatReport, parseReportFormat, REPORT_FORMATS, summarize, summaryLine, type ReportFormat, type Summary } from "./report";
export { ALL_RULES } from "./rules";
export { STATEFUL_TYPES, statefulType, type StatefulKind } from "./stateful";
export { applySuppressions, isExpired, realmSuppressions } from "./suppressions";
export * from "./types";
export { fromPlanJson } from "./view/plan";
export { fromTerraformJson } from "./view/cdktf";
export { readStackFile, stackView, isPlanJson } from "./view/load";
export { UNKNOWN, type ResourceView, type StackView } from "./view/types";
