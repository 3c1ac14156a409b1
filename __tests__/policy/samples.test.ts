import { loadInventory } from "../../lib/model/inventory";
import { evaluate } from "../../lib/policy/engine";
import { inputsFor } from "../../lib/policy/gate";
import { formatTable } from "../../lib/policy/report";
import { isViolation } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { FIXTURE_REALMS, synthInventory } from "../helpers/synth";

/**
 * Every sample realm, synthesized with its real (remote) backend, passes the profiles its
 * `compliance` selects. A failure here names the construct (construct path) and attribute.
 */
const inventory = loadInventory(FIXTURE_REALMS);
const stacks = synthInventory(FIXTURE_REALMS, { backend: "remote" });
const result = evaluate(
  inputsFor(
    Object.entries(stacks).map(([id, json]) => ({ ...fromTerraformJson(json as Record<string, unknown>), stackId: id })),
    inventory,
  ),
);

describe("the sample realms pass their guardrails", () => {
  test.each(result.stacks.map((s) => [s.stackId, s]))("%s", (stackId, summary) => {
    expect(summary.realmSource).toBe("inventory");
    const realm = inventory.realms.find((r) => r.id === summary.realm)!;
    expect(summary.profiles).toEqual(["baseline", ...realm.config.compliance]);
    const mine = { ...result, stacks: [summary], findings: result.findings.filter((f) => f.stackId === stackId) };
    const violations = mine.findings.filter(isViolation);
    if (violations.length) throw new Error(formatTable(mine));
    expect(mine.findings.filter((f) => f.status === "pass").length).toBeGreaterThan(20);
  });
});
