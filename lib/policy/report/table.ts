import { formatLocation } from "../../config/errors";
import type { PolicyResult } from "../engine";
import type { Finding } from "../types";
import { reportable, summarize, summaryLine } from "./summary";

function status(f: Finding): string {
  if (f.status === "error") return "ERROR";
  return f.suppressed ? "SUPPRESSED" : "FAIL";
}

function reason(f: Finding): string {
  const where = f.location ? ` (${formatLocation(f.location)})` : "";
  const base = `${f.reason ?? ""}${where}`;
  if (!f.suppressed) return base;
  return `${base} [suppressed until ${f.suppressed.expires} by ${f.suppressed.approvedBy}: ${f.suppressed.reason}]`;
}

/**
 * The report for people: one row per failing or suppressed check (status, realm, stack,
 * rule, resource, reason) with how to fix it underneath, then a summary line.
 */
export function formatTable(result: PolicyResult): string {
  const rows = reportable(result);
  const header = ["STATUS", "REALM", "STACK", "RULE", "RESOURCE", "REASON"];
  const cells = rows.map((f) => [status(f), f.realm ?? "-", f.stackId, f.ruleId, f.address, reason(f)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string =>
    c
      .map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const indent = " ".repeat(widths[0]! + 2);
  const out: string[] = [];
  if (rows.length) {
    out.push(line(header));
    rows.forEach((f, i) => {
      out.push(line(cells[i]!));
      if (!f.suppressed) out.push(`${indent}fix: ${f.fix}`);
      if (f.constructPath) out.push(`${indent}construct: ${f.constructPath}`);
    });
    out.push("");
  }
  out.push(summaryLine(summarize(result)));
  return `${out.join("\n")}\n`;
}
