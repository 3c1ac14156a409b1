import type { Command } from "commander";
import { registerExplain } from "./explain";
import { registerList } from "./list";
import { registerSynth } from "./synth";
import { registerValidate } from "./validate";

/** Each command lives in its own file and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [
  registerValidate,
  registerList,
  registerExplain,
  registerSynth,
];
