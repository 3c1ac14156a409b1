import { ERROR_AREAS, ERROR_CODES, type ErrorCodeEntry, errorArea } from "./catalogue";

const cell = (s: string): string => s.replace(/\|/g, "\\|");

/** docs/errors.md: every error code by area, with its meaning and fix (`npm run docs:errors`). */
export function errorsMarkdown(): string {
  const byArea = new Map<string, [string, ErrorCodeEntry][]>();
  for (const [code, entry] of Object.entries(ERROR_CODES) as [string, ErrorCodeEntry][]) {
    const area = errorArea(code);
    byArea.set(area, [...(byArea.get(area) ?? []), [code, entry]]);
  }
  const order = Object.keys(ERROR_AREAS).filter((a) => byArea.has(a));
  const lines = [
    "# Error codes",
    "",
    "<!-- Generated from lib/errors/catalogue.ts by `npm run docs:errors`; do not edit by hand. -->",
    "",
    "Every problem Realmkit reports carries one of these codes, printed as",
    "`file:line:col  error  RK-...  what is wrong` and a `fix:` line for the case at hand (with",
    "`--json`, as `code`, `message`, `file`, `line`, `col`, `fix`). Guardrail rule ids (`RK-AWS-S3-...`)",
    "are listed in [guardrails-table.md](guardrails-table.md). Codes tagged *(validate)* are reported",
    "by `realmkit validate` from the realm files alone, before any synth.",
    "",
  ];
  for (const area of order) {
    lines.push(`## ${ERROR_AREAS[area]}`, "", "| code | meaning | fix |", "|---|---|---|");
    for (const [code, e] of byArea.get(area)!.sort(([a], [b]) => a.localeCompare(b)))
      lines.push(`| \`${code}\` | ${cell(e.meaning)}${e.validate === "reports" ? " *(validate)*" : ""} | ${cell(e.fix)} |`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
