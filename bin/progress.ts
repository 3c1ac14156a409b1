import { Listr, PRESET_TIMER, PRESET_TIMESTAMP, type ListrTask } from "listr2";

/**
 * Per-stack progress for plan and rollout: a live task list on a terminal, one line per event
 * in CI logs and pipes. Every stack runs to the end even when another fails. The commands load
 * this module on use, so the ones that never show progress skip loading listr2.
 */
export function stackProgress(tasks: ListrTask[], env: NodeJS.ProcessEnv = process.env): Listr {
  return new Listr(tasks, {
    concurrent: true,
    exitOnError: false,
    renderer: "default",
    fallbackRenderer: "verbose",
    fallbackRendererCondition: Boolean(env.CI) || !process.stdout.isTTY,
    rendererOptions: { collapseErrors: false, collapseSkips: false, timer: PRESET_TIMER },
    fallbackRendererOptions: { logTitleChange: true, timer: PRESET_TIMER, timestamp: PRESET_TIMESTAMP },
  });
}
