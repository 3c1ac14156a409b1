import type { LoopFigures } from "./loop";
import type { PlanStepFigures } from "./plan-steps";

interface Row {
  readonly what: string;
  readonly measured: string;
  readonly ratio?: number;
  readonly target?: number;
}

/** The ratio table of `npm run bench` (docs/performance.md quotes it). */
export function printRatios(loop: LoopFigures, plan: PlanStepFigures | undefined): string[] {
  const n = `${loop.count} realms (${loop.stacks} stacks)`;
  const rows: Row[] = [
    {
      what: `full synth, cold cache, vs the floor; ${n}`,
      measured: `${loop.coldMs} / ${loop.floorMs} ms`,
      ratio: loop.coldMs / loop.floorMs,
    },
    {
      what: "  its build-and-write phase vs the floor",
      measured: `${loop.coldBuildMs} / ${loop.floorMs} ms`,
      ratio: loop.coldBuildMs / loop.floorMs,
    },
    {
      what: "synth after editing one realm vs cold full synth",
      measured: `${loop.incrementalMs} / ${loop.coldMs} ms`,
      ratio: loop.incrementalMs / loop.coldMs,
      target: 0.2,
    },
    {
      what: "changed after a commit editing one realm vs warm synth",
      measured: `${loop.changedWarmMs} / ${loop.warmMs} ms`,
      ratio: loop.changedWarmMs / loop.warmMs,
      target: 1.2,
    },
    {
      what: "  changed vs the synth of that edit (REF's realm not cached)",
      measured: `${loop.changedRefMissMs} / ${loop.synthAfterEditMs} ms`,
      ratio: loop.changedRefMissMs / loop.synthAfterEditMs,
      target: 1.2,
    },
  ];
  if (plan) {
    const per = `per stack (${plan.stacks.join(", ")})`;
    rows.push({
      what: `plan now, re-plan, vs init+validate+plan+show ${per}`,
      measured: `${Math.round(plan.replanMs)} / ${Math.round(plan.beforeMs)} ms`,
      ratio: plan.replanMs / plan.beforeMs,
      target: 0.75,
    });
    rows.push({
      what: "  plan now, fresh folder in a fleet plan (init taken from a sibling)",
      measured: `${Math.round(plan.fleetFirstMs)} / ${Math.round(plan.beforeMs)} ms`,
      ratio: plan.fleetFirstMs / plan.beforeMs,
      target: 0.75,
    });
    rows.push({
      // Once per fleet plan from a clean checkout: the first stack, which the others take their init from.
      what: "  plan now, fresh folder alone (init runs; once per fleet) vs the four steps",
      measured: `${Math.round(plan.firstMs)} / ${Math.round(plan.beforeMs)} ms`,
      ratio: plan.firstMs / plan.beforeMs,
    });
  }
  const lines = ["ratios measured in this run (medians; paired measurements alternate their order)"];
  lines.push(`${"what".padEnd(76)} ${"measured".padStart(22)} ${"ratio".padStart(7)}  target`);
  for (const r of rows) {
    const verdict = r.target === undefined || r.ratio === undefined ? "" : `<= ${r.target} ${r.ratio <= r.target ? "met" : "MISSED"}`;
    lines.push(
      `${r.what.padEnd(76)} ${r.measured.padStart(22)} ${r.ratio === undefined ? "" : r.ratio.toFixed(2).padStart(7)}  ${verdict}`,
    );
  }
  if (!plan)
    lines.push(
      "plan steps: not measured (set REALMKIT_PROVIDER_MIRROR to a terraform provider mirror with hashicorp/aws; BENCH_PLAN=off skips)",
    );
  else
    lines.push(
      `plan steps of the four-step sequence, median ms: ${Object.entries(plan.steps)
        .map(([k, v]) => `${k} ${Math.round(v)}`)
        .join(", ")}`,
    );
  lines.push(
    `fleet commands on ${loop.count} realms, whole process, median ms: ${Object.entries(loop.fleet)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}; docs synthesized: ${loop.docsSynthesized ? "YES" : "never"}`,
  );
  return lines;
}
