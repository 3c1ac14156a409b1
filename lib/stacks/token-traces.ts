/**
 * Runs `body` with creation stack traces of cdktf tokens switched off.
 *
 * cdktf records a full stack trace (unlimited depth) for every token it creates, only to quote
 * it in rare token-resolution errors. With a few thousand references per realm that was a third
 * of synth time and most of its memory, more still under a source-map hook. cdktf captures those
 * traces on plain objects, never on Errors, so answering "" for non-Errors during synthesis
 * drops them while every real error keeps its stack.
 */
export function withoutTokenStackTraces<T>(body: () => T): T {
  const original = Error.prepareStackTrace;
  Error.prepareStackTrace = (target, frames) =>
    target instanceof Error ? (original ? original(target, frames) : defaultTrace(target, frames)) : "";
  try {
    return body();
  } finally {
    Error.prepareStackTrace = original;
  }
}

function defaultTrace(error: Error, frames: NodeJS.CallSite[]): string {
  return [`${error.name}: ${error.message}`, ...frames.map((f) => `    at ${f}`)].join("\n");
}
