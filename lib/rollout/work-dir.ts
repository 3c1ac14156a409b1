import { join, resolve } from "node:path";
import { stackDir } from "../terraform/json";

/** Synthesized stacks live here inside a plan folder; each is terraform's working dir. */
export const SYNTH_SUBDIR = "synth";

/**
 * The working folder of one stack inside a plan folder. Its own module, so that commands that
 * only read plan folders (gate, rollout) start without loading cdktf.
 */
export function stackWorkDir(outDir: string, stackId: string): string {
  return stackDir(join(resolve(outDir), SYNTH_SUBDIR), stackId);
}
