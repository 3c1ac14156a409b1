import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES } from "../../../lib/policy/rules";
import { PROFILES } from "../../../lib/policy/types";
import { awsCases } from "../fixtures/rules/aws";
import { azureCases } from "../fixtures/rules/azure";
import { commonCases } from "../fixtures/rules/common";
import { gcpCases } from "../fixtures/rules/gcp";
import type { RuleCases } from "../fixtures/tf";
import { addressesWith, runRule } from "../helpers";

const suites: Record<string, RuleCases> = { aws: awsCases, gcp: gcpCases, azure: azureCases, common: commonCases };
/** A case's key is its rule id, optionally followed by a label for a further case of the same rule. */
const ruleOf = (key: string): string => key.split(" ")[0]!;

describe.each(Object.entries(suites))("%s rules", (_suite, cases) => {
  describe.each(Object.entries(cases))("%s", (id, c) => {
    test("passes its compliant fixture, with at least one check that passed", () => {
      const findings = runRule(ruleOf(id), c.compliant, c.compliantRealm?.());
      expect(addressesWith(findings, "error")).toEqual([]);
      expect(addressesWith(findings, "fail")).toEqual([]);
      expect(addressesWith(findings, "pass").length).toBeGreaterThan(0);
    });

    test("fails exactly the non-compliant addresses", () => {
      const findings = runRule(ruleOf(id), c.noncompliant, c.noncompliantRealm?.());
      expect(addressesWith(findings, "error")).toEqual([]);
      expect(addressesWith(findings, "fail")).toEqual([...c.failing].sort());
      for (const f of findings.filter((x) => x.status === "fail")) expect(f.reason).toMatch(/\S/);
    });
  });
});

describe("the rule catalogue", () => {
  test("every rule has fixtures, and every fixture names a rule", () => {
    const covered = [...new Set(Object.values(suites).flatMap((c) => Object.keys(c).map(ruleOf)))].sort();
    expect(covered).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  test("has at least 30 rules, ids are unique and well-formed, each names profiles and a fix", () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
    for (const rule of ALL_RULES) {
      expect(rule.id).toMatch(/^RK-[A-Z0-9-]+$/);
      expect(rule.profiles.length).toBeGreaterThan(0);
      for (const p of rule.profiles) expect(PROFILES).toContain(p);
      expect(rule.fix.length).toBeGreaterThan(10);
      expect(rule.title.length).toBeGreaterThan(10);
      if (rule.scope === "resource") expect(rule.resourceTypes.length).toBeGreaterThan(0);
    }
  });

  test("each rule lives in lib/policy/rules/<cloud>/<rule-id>.ts and is registered", () => {
    const root = join(__dirname, "..", "..", "..", "lib", "policy", "rules");
    const files = ["aws", "gcp", "azure", "common"].flatMap((dir) =>
      readdirSync(join(root, dir))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => ({ dir, id: f.replace(/\.ts$/, "").toUpperCase() })),
    );
    expect(files.map((f) => f.id).sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
    for (const f of files) {
      const rule = ALL_RULES.find((r) => r.id === f.id)!;
      expect(f.dir).toBe(rule.provider === "any" ? "common" : rule.provider);
    }
  });
});
