import { evaluate } from "../../lib/policy/engine";
import { ruleContext } from "../../lib/policy/context";
import { ALL_RULES } from "../../lib/policy/rules";
import { defineResourceRule, defineStackRule, isViolation, pass } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { t1 } from "./fixtures/realms";
import { tf } from "./fixtures/tf";

const view = (json: ReturnType<typeof tf>) => fromTerraformJson(json as Record<string, unknown>, "stack.tf.json");

/** An AWS resource rule in the baseline profile that only tests need. */
function testResourceRule(id: string, resourceTypes: string[], check: Parameters<typeof defineResourceRule>[0]["check"]) {
  return defineResourceRule({
    id,
    title: `test rule ${id}`,
    description: "test",
    severity: "low",
    profiles: ["baseline"],
    provider: "aws",
    resourceTypes,
    publicIds: {},
    fix: "nothing to fix here",
    check,
  });
}

describe("evaluate", () => {
  const stack = view(tf({ aws_kms_key: { a: { enable_key_rotation: true }, b: { enable_key_rotation: true } } }));

  test("a rule that throws becomes an error finding for that address, and the others still run", () => {
    const boom = testResourceRule("RK-TEST-BOOM", ["aws_kms_key"], (r) => {
      if (r.name === "b") throw new TypeError("cannot read x of undefined");
      return pass();
    });
    const crashStack = defineStackRule({
      id: "RK-TEST-CRASH",
      title: "throws",
      description: "t",
      severity: "low",
      profiles: ["baseline"],
      provider: "any",
      reads: "-",
      publicIds: {},
      fix: "nothing to fix here",
      check: () => {
        throw new Error("no");
      },
    });
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
    const json = tf({
      aws_kms_key: { k: { enable_key_rotation: true } },
      aws_secretsmanager_secret: { s: { name: "s" } },
      aws_cloudwatch_log_group: { g: { name: "g" } },
    });
    const rules = (profiles?: ("baseline" | "soc2" | "hipaa" | "gdpr" | "pci")[]) =>
      [...new Set(evaluate([{ view: view(json), realm, target }], { profiles }).findings.map((f) => f.ruleId))].sort();
    expect(rules()).toContain("RK-AWS-SECRETS-CMK"); // soc2
    expect(rules()).toContain("RK-AWS-KMS-ROTATION"); // baseline
    expect(rules(["baseline"])).not.toContain("RK-AWS-SECRETS-CMK");
    expect(rules(["gdpr"])).toContain("RK-AWS-SECRETS-CMK"); // GDPR Art. 32(1)(a) lists it (lib/policy/data/profiles/gdpr.json)
    expect(rules(["gdpr"])).toContain("RK-AWS-KMS-ROTATION");
    expect(evaluate([{ view: view(json), realm, target }]).stacks[0]).toMatchObject({
      stackId: "realm-t1",
      realm: "t1",
      profiles: ["baseline", "soc2"],
      realmSource: "inventory",
    });
  });

  test("without a realm, tier, residency and profiles come from the stack's own tags", () => {
    const ctx = ruleContext(
      view(tf({}, { tags: { realm: "x", tier: "staging", residency: "uk", compliance: "hipaa-soc2", "managed-by": "realmkit" } })),
    );
    expect([ctx.tier, ctx.residency, ctx.realmSource, [...ctx.profiles]]).toEqual([
      "staging",
      "uk",
      "stack",
      ["baseline", "hipaa", "soc2"],
    ]);
    const bare = ruleContext(view(tf({}, { tags: null })));
    expect([bare.tier, bare.residency, bare.realmSource, [...bare.profiles]]).toEqual([undefined, undefined, "none", ["baseline"]]);
  });

  test("a rule over several types judges their resources in stack order, each once", () => {
    const both = testResourceRule("RK-TEST-TYPES", ["aws_kms_alias", "aws_kms_key", "aws_kms_alias"], () => pass());
    const json = tf({ aws_kms_key: { a: {}, c: {} }, aws_s3_bucket: { b: {} }, aws_kms_alias: { x: {} } });
    expect(evaluate([{ view: view(json) }], { rules: [both] }).findings.map((f) => f.address)).toEqual([
      "aws_kms_key.a",
      "aws_kms_key.c",
      "aws_kms_alias.x",
    ]);
  });

  test("reasons name the nested attribute: list items by index for secrets, by block for places", () => {
    const json = tf({
      aws_instance: {
        vm: { user_data: "x", ebs_block_device: [{ device_name: "a" }, { device_name: "b", tags: { api_key: "sk-live-12345" } }] },
      },
      aws_s3_bucket_replication_configuration: { r: { rule: [{ destination: [{ bucket: "b", region: "us-east-1" }] }] } },
    });
    const { realm, target } = t1();
    const reasons = (id: string) =>
      evaluate([{ view: view(json), realm, target }], { rules: [ALL_RULES.find((r) => r.id === id)!] })
        .findings.filter(isViolation)
        .map((f) => f.reason);
    expect(reasons("RK-NO-SECRETS")).toEqual([expect.stringContaining("in `ebs_block_device[1].tags.api_key`")]);
    expect(reasons("RK-RESIDENCY")).toEqual([expect.stringContaining("`rule.destination.region` `us-east-1`")]);
  });

  test("realm-level rules run once per realm, not once per stack", () => {
    const { realm } = t1("dataFlows:\n  - { name: crm, to: us-east-1, personalData: true }");
    const inputs = [
      { view: { ...view(tf({})), stackId: "realm-t1" }, realm },
      { view: { ...view(tf({})), stackId: "realm-t1-gcp" }, realm },
    ];
    const flows = evaluate(inputs).findings.filter((f) => f.ruleId === "RK-DATA-FLOW-RESIDENCY");
    expect(flows.map((f) => [f.stackId, f.address, f.status])).toEqual([["realm-t1", "dataFlows.crm", "fail"]]);
    expect(flows[0]!.location).toMatchObject({ line: 11 });
    expect(flows[0]!.location!.file).toMatch(/t1\.yaml$/);
  });
});
