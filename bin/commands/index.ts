import type { Command } from "commander";

/** Each command lives in its own file and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

/**
 * Every command by name, each loaded on use: a run registers only the command it runs (its
 * module and what that imports), so `realmkit synth` does not load the twenty others first.
 * Help, `--version` and an unknown name register them all (buildProgram).
 */
export const commands: readonly { readonly name: string; readonly load: () => RegisterCommand }[] = [
  { name: "validate", load: () => (require("./validate") as typeof import("./validate")).registerValidate },
  { name: "new", load: () => (require("./new") as typeof import("./new")).registerNew },
  { name: "list", load: () => (require("./list") as typeof import("./list")).registerList },
  { name: "explain", load: () => (require("./explain") as typeof import("./explain")).registerExplain },
  { name: "config", load: () => (require("./config") as typeof import("./config")).registerConfig },
  { name: "synth", load: () => (require("./synth") as typeof import("./synth")).registerSynth },
  { name: "cdktf-env", load: () => (require("./cdktf-env") as typeof import("./cdktf-env")).registerCdktfEnv },
  { name: "policy", load: () => (require("./policy") as typeof import("./policy")).registerPolicy },
  { name: "plan-check", load: () => (require("./plan-check") as typeof import("./plan-check")).registerPlanCheck },
  { name: "plan", load: () => (require("./plan") as typeof import("./plan")).registerPlan },
  { name: "changed", load: () => (require("./changed") as typeof import("./changed")).registerChanged },
  { name: "rollout", load: () => (require("./rollout") as typeof import("./rollout")).registerRollout },
  { name: "select", load: () => (require("./select") as typeof import("./select")).registerSelect },
  { name: "gate", load: () => (require("./gate") as typeof import("./gate")).registerGate },
  { name: "health", load: () => (require("./health") as typeof import("./health")).registerHealth },
  { name: "drift", load: () => (require("./drift") as typeof import("./drift")).registerDrift },
  { name: "pipeline", load: () => (require("./pipeline") as typeof import("./pipeline")).registerPipeline },
  { name: "diff", load: () => (require("./fleet") as typeof import("./fleet")).registerDiff },
  { name: "matrix", load: () => (require("./fleet") as typeof import("./fleet")).registerMatrix },
  { name: "cost", load: () => (require("./fleet") as typeof import("./fleet")).registerCost },
  { name: "docs", load: () => (require("./fleet") as typeof import("./fleet")).registerDocs },
];
