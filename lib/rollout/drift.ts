import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TerraformCli } from "../terraform/cli";
import type { PlanJson, PlanResourceChange } from "../terraform/plan-json";
import { runPool } from "../terraform/pool";
import { planFiles, type PlanTarget } from "../terraform/runner";
import { readTerraformJson } from "../terraform/json";

export interface DriftedResource {
  readonly address: string;
  readonly type: string;
  /** What terraform saw change outside it: `update` (changed), `delete` (gone). */
  readonly actions: readonly string[];
}

export type DriftStatus = "in-sync" | "drifted" | "failed";

export interface StackDrift {
  readonly stackId: string;
  readonly realm: string;
  readonly status: DriftStatus;
  readonly resources: readonly DriftedResource[];
  readonly reason?: string;
}

/** The resources a refresh-only plan found changed outside terraform (`resource_drift` of show -json). */
export function driftedResources(plan: PlanJson): DriftedResource[] {
  const drift = (plan.resource_drift ?? []) as readonly PlanResourceChange[];
  return drift
    .filter((d) => d.mode === "managed" && !(d.change.actions.length === 1 && d.change.actions[0] === "no-op"))
    .map((d) => ({ address: d.address, type: d.type, actions: [...d.change.actions] }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** Outputs whose value the refresh changed (a data source or attribute behind them moved). */
function changedOutputs(plan: PlanJson): string[] {
  return Object.entries(plan.output_changes ?? {})
    .filter(([, c]) => !(c.actions.length === 1 && c.actions[0] === "no-op"))
    .map(([name]) => name);
}

/**
 * Drifted or not from what `show -json` lists, not from the exit code alone: terraform 1.11
 * exits 2 on a refresh-only plan that it itself prints as "No changes" (the refreshed state is
 * rewritten even when no attribute moved), which would report every stack as drifted.
 */
function driftOf(plan: PlanJson): { status: "in-sync" | "drifted"; resources: DriftedResource[] } {
  const resources = driftedResources(plan);
  return { status: resources.length > 0 || changedOutputs(plan).length > 0 ? "drifted" : "in-sync", resources };
}

/**
 * Refresh-only plans with -detailed-exitcode, where the stacks are (a plan folder's working
 * dirs): exit 0 is in sync, 2 means the cloud differs from the state and `show -json` says how.
 * A stack that cannot be checked is `failed` with the reason, never reported in sync.
 */
export async function checkDrift(
  targets: readonly PlanTarget[],
  options: { terraform: TerraformCli; outDir: string; concurrency?: number; onDone?: (drift: StackDrift) => void },
): Promise<StackDrift[]> {
  const check = async (t: PlanTarget): Promise<StackDrift> => {
    const files = planFiles(options.outDir, t.realm, t.stackId);
    const log = files.logFile.replace(/\.log$/, ".drift.log");
    const planFile = files.planFile.replace(/\.tfplan$/, ".drift.tfplan");
    mkdirSync(dirname(log), { recursive: true });
    writeFileSync(log, `# realmkit drift ${t.stackId} (realm ${t.realm})\n`);
    const base = { stackId: t.stackId, realm: t.realm };
    const init = await options.terraform.init(t.dir, log);
    if (!init.ok) return { ...base, status: "failed", resources: [], reason: `init: ${init.error}` };
    const plan = await options.terraform.planDetailed(t.dir, planFile, log, { refreshOnly: true, lock: false });
    if (!plan.ok) return { ...base, status: "failed", resources: [], reason: `plan: ${plan.error}` };
    if (!plan.changes) return { ...base, status: "in-sync", resources: [] };
    const shown = await options.terraform.show(t.dir, planFile, log);
    if (!shown.plan) return { ...base, status: "failed", resources: [], reason: `show: ${shown.result.error}` };
    writeFileSync(files.planJsonFile.replace(/\.plan\.json$/, ".drift.json"), shown.result.stdout);
    return { ...base, ...driftOf(shown.plan) };
  };
  const outcomes = await runPool(
    targets,
    async (t): Promise<StackDrift> => {
      const drift = await check(t);
      options.onDone?.(drift);
      return drift;
    },
    {
      concurrency: options.concurrency ?? 4,
      onError: (t, err): StackDrift => ({
        stackId: t.stackId,
        realm: t.realm,
        status: "failed",
        resources: [],
        reason: (err as Error)?.message ?? String(err),
      }),
    },
  );
  return outcomes.map((o) =>
    o.started
      ? o.result
      : { stackId: o.item.stackId, realm: o.item.realm, status: "failed" as const, resources: [], reason: "not checked" },
  );
}

/**
 * Drift as the CI drift jobs recorded it: `drift-record.json` (exit code) and, when it drifted,
 * `drift.json` (show -json) beside it, anywhere under `dir`. `expected` stacks without a record
 * are `failed`: a check that did not run is not a clean bill.
 */
export function recordedDrift(dir: string, expected: readonly { stackId: string; realm: string }[]): StackDrift[] {
  const found = new Map<string, StackDrift>();
  for (const file of findFiles(dir, "drift-record.json")) {
    let rec: { stack?: unknown; realm?: unknown; exitCode?: unknown };
    try {
      rec = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      continue;
    }
    if (typeof rec.stack !== "string" || typeof rec.realm !== "string" || typeof rec.exitCode !== "number") continue;
    const base = { stackId: rec.stack, realm: rec.realm };
    if (rec.exitCode === 0) found.set(rec.stack, { ...base, status: "in-sync", resources: [] });
    else if (rec.exitCode === 2) {
      const planFile = join(dirname(file), "drift.json");
      if (existsSync(planFile)) found.set(rec.stack, { ...base, ...driftOf(readTerraformJson(planFile) as PlanJson) });
      else found.set(rec.stack, { ...base, status: "drifted", resources: [], reason: "drift.json missing" });
    } else found.set(rec.stack, { ...base, status: "failed", resources: [], reason: `terraform exit ${rec.exitCode}` });
  }
  return expected.map(
    (s) => found.get(s.stackId) ?? { ...s, status: "failed", resources: [], reason: "no drift result was recorded (did its job run?)" },
  );
}

function findFiles(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    const st = statSync(p);
    return st.isDirectory() ? findFiles(p, name) : n === name ? [p] : [];
  });
}

/** One table for the run summary (and the drift issue). */
export function driftMarkdown(results: readonly StackDrift[]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const drifted = results.filter((r) => r.status === "drifted").length;
  const failed = results.filter((r) => r.status === "failed").length;
  const rows = results.map(
    (r) =>
      `| ${esc(r.realm)} | ${esc(r.stackId)} | ${r.status} | ${esc(r.resources.map((d) => `${d.address} (${d.actions.join("/")})`).join(", ") || r.reason || "")} |`,
  );
  return `### Drift: ${drifted} drifted, ${failed} not checked, ${results.length - drifted - failed} in sync\n\n| realm | stack | status | resources |\n|---|---|---|---|\n${rows.join("\n")}\n`;
}
