import { ALL_RULES } from "../../../lib/policy/rules";
import { scannerCases } from "../fixtures/rules/scanner-docs";
import { addressesWith, runRule } from "../helpers";

describe("fixtures from the cross-referenced scanners' documentation", () => {
  test.each(scannerCases.map((c) => [`${c.rule} per ${c.source}: ${c.fact}`, c] as const))("%s", (_name, c) => {
    const rule = ALL_RULES.find((r) => r.id === c.rule)!;
    expect([...(rule.publicIds.checkov ?? []), ...(rule.publicIds.trivy ?? [])]).toContain(c.source);
    const findings = runRule(c.rule, c.json);
    expect(addressesWith(findings, "error")).toEqual([]);
    expect(addressesWith(findings, "fail")).toEqual([...c.failing].sort());
    for (const a of c.passing ?? []) expect(addressesWith(findings, "pass")).toContain(a);
  });

  test("every rule that names a scanner control has a fixture from that scanner's documentation", () => {
    const covered = new Set(scannerCases.map((c) => c.rule));
    const missing = ALL_RULES.filter(
      (r) => (r.publicIds.checkov?.length ?? 0) + (r.publicIds.trivy?.length ?? 0) > 0 && !covered.has(r.id),
    ).map((r) => r.id);
    expect(missing).toEqual([]);
  });
});
