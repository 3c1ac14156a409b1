import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { App, Testing } from "../../lib/cdktf";
import { inspectInventory } from "../../lib/model/inventory";
import { evaluate } from "../../lib/policy/engine";
import { inputsFor } from "../../lib/policy/gate";
import { formatTable } from "../../lib/policy/report";
import { isViolation } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { githubWorkflowText, WORKFLOW_FILE } from "../../lib/rollout/pipeline";
import { addRealmStacks } from "../../lib/stacks/synth";
import { checkStructure, formatStructureProblem } from "../../lib/verify/structure";
import { REPO_ROOT, USER_REALMS } from "../helpers/paths";

/**
 * YOUR inventory: the checks of the realms in `realms/` (or REALMKIT_REALMS). Realmkit's own
 * tests never read that folder; this suite is the only one that does. After adding or changing
 * a realm, review the new or changed snapshots and commit them: `npx jest -u __tests__/inventory`.
 */
const { inventory, errors } = inspectInventory(USER_REALMS);
const app = Testing.app();
const built = errors.length ? [] : addRealmStacks(app as App, inventory, { backend: "remote" });
const stacks = Object.fromEntries(built.map((s) => [s.target.stackId, Testing.synth(s)]));
const guardrails = evaluate(
  inputsFor(
    Object.entries(stacks).map(([stackId, text]) => ({ ...fromTerraformJson(JSON.parse(text) as Record<string, unknown>), stackId })),
    inventory,
  ),
);

describe(`your inventory (${relative(REPO_ROOT, USER_REALMS) || "."})`, () => {
  test("every realm file is valid (the problems `realmkit validate` prints)", () => {
    expect(errors.map((e) => e.format())).toEqual([]);
    expect(inventory.realms.length).toBeGreaterThan(0);
  });

  describe.each(Object.keys(stacks).sort())("%s", (stackId) => {
    test("passes the structural check", () => {
      expect(checkStructure(stacks[stackId]!, stackId).map(formatStructureProblem)).toEqual([]);
    });

    test("passes its guardrails", () => {
      const summary = guardrails.stacks.find((s) => s.stackId === stackId)!;
      expect(summary.realmSource).toBe("inventory");
      const mine = { ...guardrails, stacks: [summary], findings: guardrails.findings.filter((f) => f.stackId === stackId) };
      if (mine.findings.some(isViolation)) throw new Error(formatTable(mine));
    });

    test("matches its reviewed snapshot", () => {
      expect(JSON.parse(stacks[stackId]!)).toMatchSnapshot();
    });
  });

  const workflow = join(REPO_ROOT, WORKFLOW_FILE);
  // Only for repositories that use the generated GitHub workflow.
  if (existsSync(workflow)) {
    test(`${WORKFLOW_FILE} is what the inventory generates (run \`npx realmkit pipeline github\`)`, () => {
      expect(readFileSync(workflow, "utf8")).toBe(
        githubWorkflowText(inventory, { realmsDir: relative(REPO_ROOT, USER_REALMS) || "realms" }),
      );
    });
  }
});
