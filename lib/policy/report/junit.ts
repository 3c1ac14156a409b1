import type { PolicyResult } from "../engine";
import type { Finding } from "../types";

/** Escapes text for XML 1.0 and drops the characters XML cannot carry at all. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join("");

function testcase(f: Finding): string {
  const open = `    <testcase${attrs({ classname: `${f.stackId}.${f.ruleId}`, name: f.address })}`;
  if (f.status === "pass") return `${open}/>`;
  let body: string;
  if (f.status === "error") body = `<error${attrs({ message: f.reason ?? "rule crashed", type: "rule-error" })}/>`;
  else if (f.status === "not-applicable") body = `<skipped${attrs({ message: `not applicable: ${f.reason ?? ""}` })}/>`;
  else if (f.suppressed)
    body = `<skipped${attrs({ message: `suppressed until ${f.suppressed.expires} by ${f.suppressed.approvedBy}: ${f.suppressed.reason}` })}/>`;
  else body = `<failure${attrs({ message: f.reason ?? f.title, type: f.severity })}>${xmlEscape(`${f.title}\nfix: ${f.fix}`)}</failure>`;
  return `${open}>\n      ${body}\n    </testcase>`;
}

/**
 * JUnit XML for CI test tabs: one testsuite per stack, one testcase per rule and address;
 * failures fail, crashed rules error, not-applicable and suppressed checks are skipped.
 */
export function formatJunit(result: PolicyResult): string {
  const suites = result.stacks.map((s) => {
    const cases = result.findings.filter((f) => f.stackId === s.stackId);
    const failures = cases.filter((f) => f.status === "fail" && !f.suppressed).length;
    const errors = cases.filter((f) => f.status === "error").length;
    const skipped = cases.filter((f) => f.status === "not-applicable" || f.suppressed).length;
    return [
      `  <testsuite${attrs({ name: s.stackId, tests: cases.length, failures, errors, skipped })}>`,
      ...cases.map(testcase),
      "  </testsuite>",
    ].join("\n");
  });
  const all = result.findings;
  const totals = {
    name: "realmkit policy",
    tests: all.length,
    failures: all.filter((f) => f.status === "fail" && !f.suppressed).length,
    errors: all.filter((f) => f.status === "error").length,
    skipped: all.filter((f) => f.status === "not-applicable" || f.suppressed).length,
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs(totals)}>\n${suites.join("\n")}\n</testsuites>\n`;
}
