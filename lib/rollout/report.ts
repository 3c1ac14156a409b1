import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { effectLine } from "../terraform/change-effect";
import type { StackPlanResult } from "../terraform/runner";
import { maskText } from "../secrets/mask";

export interface PlanRow {
  readonly realm: string;
  readonly stack: string;
  readonly status: string;
  readonly add: string;
  readonly change: string;
  readonly destroy: string;
  /** The forecast for the running realm: `no interruption`, `1 restart`, `1 replace`. */
  readonly effect: string;
  readonly seconds: string;
  readonly note: string;
}

/** One row per stack for the closing table: counts, time, and what needs attention. */
export function planRows(results: readonly StackPlanResult[], findings: ReadonlyMap<string, readonly string[]> = new Map()): PlanRow[] {
  return results.map((r) => {
    const s = r.summary;
    const notes: string[] = [];
    if (r.status === "failed") notes.push(`${r.failedStep} failed: ${r.reason}`);
    if (r.status === "skipped") notes.push(`skipped: ${r.reason}`);
    if (s && s.destructive.length > 0) notes.push(`destroys: ${s.destructive.join(", ")}`);
    if (s) notes.push(...s.effects.interrupting.map((c) => `${c.effect} ${c.address} (${c.reason})`));
    notes.push(...(findings.get(r.stackId) ?? []));
    return {
      realm: r.realm,
      stack: r.stackId,
      status: r.status,
      add: s ? String(s.add) : "-",
      change: s ? String(s.change) : "-",
      destroy: s ? String(s.destroy) : "-",
      effect: effectLine(s?.effects),
      seconds: r.ms.total !== undefined ? (r.ms.total / 1000).toFixed(1) : "-",
      note: notes.join("; "),
    };
  });
}

/** The closing table as Markdown, for CI step summaries (`<out>/plan-summary.md`). */
export function writePlanMarkdown(outDir: string, rows: readonly PlanRow[]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    "| realm | stack | status | add | change | destroy | effect on the realm | seconds | note |",
    "|---|---|---|---:|---:|---:|---|---:|---|",
    ...rows.map((r) => `| ${[r.realm, r.stack, r.status, r.add, r.change, r.destroy, r.effect, r.seconds, r.note].map(esc).join(" | ")} |`),
  ];
  const file = join(resolve(outDir), "plan-summary.md");
  writeFileSync(file, maskText(`### realmkit plan\n\n${lines.join("\n")}\n`));
  return file;
}
