import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { TerraformCli } from "../terraform/cli";
import { runPool } from "../terraform/pool";
import { planFiles } from "../terraform/runner";
import { stackWorkDir } from "./work-dir";

/** One realm's verdict after its wave applied and baked. */
export type GateResult = { realm: string; healthy: boolean; reasons: string[] };

/**
 * The health gate between waves: given the wave and its realms, says for each realm whether
 * the next wave may start. Pluggable: the default checks that every applied stack's plan is
 * now empty; a monitor-querying gate (`realmkit health`) has the same shape.
 */
export type HealthGate = (wave: number, realms: readonly string[]) => Promise<GateResult[]>;

export interface GateStack {
  readonly stackId: string;
  readonly realm: string;
}

/**
 * The default gate, run where the stacks were applied: `terraform plan -detailed-exitcode
 * -lock=false` in each stack's working dir of the plan folder. An apply that converged leaves
 * an empty plan; anything else (a resource that failed to settle, a provider that keeps
 * changing a value, someone else changing the stack meanwhile) holds the rollout.
 */
export function emptyPlanGate(options: {
  plansDir: string;
  terraform: TerraformCli;
  stacks: readonly GateStack[];
  concurrency?: number;
}): HealthGate {
  return async (_wave, realms) => {
    const wanted = options.stacks.filter((s) => realms.includes(s.realm));
    const outcomes = await runPool(
      wanted,
      async (s) => {
        const files = planFiles(options.plansDir, s.realm, s.stackId);
        mkdirSync(join(files.logFile, ".."), { recursive: true });
        const log = files.logFile.replace(/\.log$/, ".gate.log");
        const r = await options.terraform.planDetailed(
          stackWorkDir(options.plansDir, s.stackId),
          files.planFile.replace(/\.tfplan$/, ".gate.tfplan"),
          log,
          { lock: false },
        );
        if (!r.ok) return `${s.stackId}: the check plan failed: ${r.error} (log: ${log})`;
        return r.changes ? `${s.stackId}: the plan is not empty after the apply (log: ${log})` : undefined;
      },
      { concurrency: options.concurrency ?? 4, onError: (s, err) => `${s.stackId}: ${(err as Error)?.message ?? String(err)}` },
    );
    const problems = outcomes.map((o, i) => ({ stack: wanted[i]!, problem: o.started ? o.result : "not checked" }));
    return realms.map((realm) => {
      const reasons = problems.filter((p) => p.stack.realm === realm && p.problem).map((p) => p.problem!);
      return { realm, healthy: reasons.length === 0, reasons };
    });
  };
}

/** What a CI verify job records per stack (`<dir>/<stack>.json`), written by the generated pipeline. */
export interface RecordedCheck {
  readonly stack: string;
  readonly realm: string;
  /** `terraform plan -detailed-exitcode`: 0 empty, 2 changes, else failed. */
  readonly exitCode: number;
}

/**
 * The default gate in CI, where terraform ran in per-stack jobs with only terraform installed:
 * reads their recorded exit codes from `dir` (searched recursively, as artifact downloads nest
 * folders). A realm whose stack left no record is unhealthy: silence is not health.
 */
export function recordedPlanGate(dir: string, stacksOf: (realm: string) => readonly string[]): HealthGate {
  return async (_wave, realms) => {
    const records = new Map<string, RecordedCheck>();
    for (const file of jsonFiles(dir)) {
      try {
        const r = JSON.parse(readFileSync(file, "utf8")) as Partial<RecordedCheck>;
        if (typeof r.stack === "string" && typeof r.exitCode === "number") records.set(r.stack, r as RecordedCheck);
      } catch {
        // Not a record (a plan JSON beside it, say): ignored; a missing record is reported below.
      }
    }
    return realms.map((realm) => {
      const reasons: string[] = [];
      for (const stack of stacksOf(realm)) {
        const r = records.get(stack);
        if (!r) reasons.push(`${stack}: no check result was recorded (did its verify job run?)`);
        else if (r.exitCode === 2) reasons.push(`${stack}: the plan is not empty after the apply`);
        else if (r.exitCode !== 0) reasons.push(`${stack}: the check plan failed (terraform exit ${r.exitCode})`);
      }
      return { realm, healthy: reasons.length === 0, reasons };
    });
  };
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    const st = statSync(p);
    return st.isDirectory() ? jsonFiles(p) : st.isFile() && name.endsWith(".json") ? [p] : [];
  });
}

export interface GateVerdict {
  readonly wave: number;
  readonly healthy: boolean;
  readonly results: readonly GateResult[];
}

/**
 * Runs a gate for a wave. A gate that throws, or that leaves out a realm, fails the wave with
 * that as the reason: the next wave starts only on an explicit healthy verdict for every realm.
 */
export async function runGate(gate: HealthGate, wave: number, realms: readonly string[]): Promise<GateVerdict> {
  let results: GateResult[];
  try {
    results = await gate(wave, realms);
  } catch (err) {
    const reason = `the health gate failed: ${(err as Error)?.message ?? String(err)}`;
    results = realms.map((realm) => ({ realm, healthy: false, reasons: [reason] }));
  }
  const byRealm = new Map(results.map((r) => [r.realm, r]));
  const all = realms.map(
    (realm) => byRealm.get(realm) ?? { realm, healthy: false, reasons: ["the health gate returned no verdict for this realm"] },
  );
  return { wave, healthy: all.every((r) => r.healthy), results: all };
}

/** The verdict as Markdown for a CI run summary. */
export function gateMarkdown(v: GateVerdict, bakeMinutes: number): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const head = v.healthy
    ? `### Wave ${v.wave}: healthy after ${bakeMinutes} min bake; the next wave may start`
    : `### Wave ${v.wave}: UNHEALTHY after ${bakeMinutes} min bake; every later wave is stopped`;
  const rows = v.results.map((r) => `| ${esc(r.realm)} | ${r.healthy ? "healthy" : "unhealthy"} | ${esc(r.reasons.join("; "))} |`);
  return `${head}\n\n| realm | verdict | reasons |\n|---|---|---|\n${rows.join("\n")}\n`;
}
