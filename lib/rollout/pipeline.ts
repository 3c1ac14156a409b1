import type { Inventory } from "../model/inventory";
import { renderGithubText, renderGithubWorkflow, WORKFLOW_FILE } from "./pipeline-github";
import { pipelineModel, type PipelineOptions } from "./pipeline-model";

export { WORKFLOW_FILE };
export type { PipelineOptions };

/**
 * The GitHub Actions workflow for an inventory, as data: checks on every push and PR, plans of
 * the affected stacks on PRs (read-only identity), and on the deploy branch per wave a plan,
 * a review, an apply of exactly the reviewed plans, a bake and a health gate. Everything
 * realm-specific comes from the inventory, so adding a realm means regenerating, never editing.
 */
export function githubWorkflow(inventory: Inventory, options: PipelineOptions = {}): Record<string, unknown> {
  return renderGithubWorkflow(pipelineModel(inventory, options));
}

/** The workflow file's text: header (with the options it was generated with), pinned actions annotated with their tags. */
export function githubWorkflowText(inventory: Inventory, options: PipelineOptions = {}): string {
  return renderGithubText(pipelineModel(inventory, options));
}
