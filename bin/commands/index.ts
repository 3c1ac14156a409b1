import type { Command } from "commander";
import { registerExplain } from "./explain";
import { registerCost, registerDiff, registerDocs, registerMatrix } from "./fleet";
import { registerCdktfEnv } from "./cdktf-env";
import { registerChanged } from "./changed";
import { registerConfig } from "./config";
import { registerList } from "./list";
import { registerNew } from "./new";
import { registerPipeline } from "./pipeline";
import { registerPlan } from "./plan";
import { registerPlanCheck } from "./plan-check";
import { registerPolicy } from "./policy";
import { registerRollout } from "./rollout";
import { registerSelect } from "./select";
import { registerGate } from "./gate";
import { registerHealth } from "./health";
import { registerDrift } from "./drift";
import { registerSynth } from "./synth";
import { registerValidate } from "./validate";

/** Each command lives in its own file and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [
  registerValidate,
  registerNew,
  registerList,
  registerExplain,
  registerConfig,
  registerSynth,
  registerCdktfEnv,
  registerPolicy,
  registerPlanCheck,
  registerPlan,
  registerChanged,
  registerRollout,
  registerSelect,
  registerGate,
  registerHealth,
  registerDrift,
  registerPipeline,
  registerDiff,
  registerMatrix,
  registerCost,
  registerDocs,
];
