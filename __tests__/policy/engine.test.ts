import { evaluate } from "../../lib/policy/engine";
import { ruleContext } from "../../lib/policy/context";
import { defineResourceRule, defineStackRule, isViolation, pass } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { t1 } from "./fixtures/realms";
import { tf } from "./fixtures/tf";

const view = (json: ReturnType<typeof tf>) => fromTerraformJson(json as Record<string, unknown>, "stack.tf.json");

describe("evaluate", () => {
  const stack = view(tf({ aws_kms_key: { a: { enable_key_rotation: true }, b: { enable_key_rotation: true } } }));

  test("a rule that throws becomes an error finding for that address, and the others still run", () => {
    const boom = defineResourceRule({
      id: "RK-TEST-BOOM",
      title: "throws on key b",
      description: "test",
      severity: "low",
      profiles: ["baseline"],
      provider: "aws",
      resourceTypes: ["aws_kms_key"],
      publicIds: {},
      fix: "nothing to fix here",
      check: (r) => {
        if (r.name === "b") throw new TypeError("cannot read x of undefined");
        return pass();
      },
    });
    const crashStack = defineStackRule({ id: "RK-TEST-CRASH", title: "throws", description: "t", severity: "low", profiles: ["baseline"], provider: "any", reads: "-", publicIds: {}, fix: "nothing to fix here", check: () => { throw new Error("no"); } });
    const { findings } = evaluate([{ view: stack }], { rules: [boom, crashStack] });
    expect(findings.map((f) => [f.ruleId, f.address, f.status])).toEqual([
      ["RK-TEST-BOOM", "aws_kms_key.a", "pass"],
      ["RK-TEST-BOOM", "aws_kms_key.b", "error"],
      ["RK-TEST-CRASH", "(stack)", "error"],
    ]);
    expect(findings[1]!.reason).toBe("the rule crashed: TypeError: cannot read x of undefined");
    expect(findings.filter(isViolation)).toHaveLength(2);
  });

  test("a realm's compliance selects the profiles; --profile replaces it; baseline always applies", () => {
    const { realm, target } = t1(); // compliance: [soc2]
    const json = tf({ aws_kms_key: { k: { enable_key_rotation: true } }, aws_secretsmanager_secret: { s: { name: "s" } }, aws_cloudwatch_log_group: { g: { name: "g" } } });
    const rules = (profiles?: ("baseline" | "soc2" | "hipaa" | "gdpr" | "pci")[]) =>
      [...new Set(evaluate([{ view: view(json), realm, target }], { profiles }).findings.map((f) => f.ruleId))].sort();
    expect(rules()).toContain("RK-AWS-SECRETS-CMK"); // soc2
    expect(rules()).toContain("RK-AWS-KMS-ROTATION"); // baseline
    expect(rules(["gdpr"])).not.toContain("RK-AWS-SECRETS-CMK");
    expect(rules(["gdpr"])).toContain("RK-AWS-KMS-ROTATION");
    expect(evaluate([{ view: view(json), realm, target }]).stacks[0]).toMatchObject({ stackId: "realm-t1", realm: "t1", profiles: ["baseline", "soc2"], realmSource: "inventory" });
  });

  test("without a realm, tier, residency and profiles come from the stack's own tags", () => {
    const ctx = ruleContext(view(tf({}, { tags: { realm: "x", tier: "staging", residency: "uk", compliance: "hipaa-soc2", "managed-by": "realmkit" } })));
    expect([ctx.tier, ctx.residency, ctx.realmSource, [...ctx.profiles]]).toEqual(["staging", "uk", "stack", ["baseline", "hipaa", "soc2"]]);
    const bare = ruleContext(view(tf({}, { tags: null })));
    expect([bare.tier, bare.residency, bare.realmSource, [...bare.profiles]]).toEqual([undefined, undefined, "none", ["baseline"]]);
  });

  test("realm-level rules run once per realm, not once per stack", () => {
    const { realm } = t1("dataFlows:\n  - { name: crm, to: us-east-1, personalData: true }");
    const inputs = [{ view: { ...view(tf({})), stackId: "realm-t1" }, realm }, { view: { ...view(tf({})), stackId: "realm-t1-gcp" }, realm }];
    const flows = evaluate(inputs).findings.filter((f) => f.ruleId === "RK-DATA-FLOW-RESIDENCY");
    expect(flows.map((f) => [f.stackId, f.address, f.status])).toEqual([["realm-t1", "dataFlows.crm", "fail"]]);
    expect(flows[0]!.location).toMatchObject({ line: 11 });
    expect(flows[0]!.location!.file).toMatch(/t1\.yaml$/);
  });
});
