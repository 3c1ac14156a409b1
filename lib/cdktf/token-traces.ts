// The one place Realmkit reaches into a cdktf module that is not public API (see below).
import * as cdktfStackTrace from "cdktf/lib/tokens/private/stack-trace";
import { cdkRuntime } from "./runtime";

type CaptureStackTrace = (below?: unknown) => string[];

/**
 * Runs `body` with creation stack traces of cdktf tokens switched off.
 *
 * cdktf records a full stack trace (unlimited depth) for every token it creates, only to quote
 * it in rare token-resolution errors. With hundreds of references per realm that was a third of
 * synthesis time and most of its memory, more still under a source-map hook. cdktf's token
 * classes call `captureStackTrace` through its module object at each use, so it is swapped for
 * the duration of the call. Should a cdktf release move it, the fallback answers "" for the
 * plain objects cdktf captures on (never for Errors, which keep their stacks): slower, same output.
 */
export function withoutTokenStackTraces<T>(body: () => T): T {
  const module = cdktfStackTrace as { captureStackTrace?: CaptureStackTrace; captureCreationStack?: CaptureStackTrace };
  if (cdkRuntime() === "cdktn" || typeof module.captureCreationStack === "function") return withCdkTerrainSwitch(body);
  const original = module.captureStackTrace;
  if (typeof original === "function") {
    module.captureStackTrace = () => [];
    try {
      return body();
    } finally {
      module.captureStackTrace = original;
    }
  }
  const hook = Error.prepareStackTrace;
  Error.prepareStackTrace = (target, frames) =>
    target instanceof Error ? (hook ? hook(target, frames) : defaultTrace(target, frames)) : "";
  try {
    return body();
  } finally {
    Error.prepareStackTrace = hook;
  }
}

/**
 * CDK Terrain has the sanctioned switch: `CDKTN_DISABLE_CREATION_STACK`, read at every token it
 * creates (its tokens call a local `captureCreationStack`, so swapping the export would not
 * reach them). Set for the call only, as the swap above, and put back as it was.
 */
function withCdkTerrainSwitch<T>(body: () => T): T {
  const before = process.env.CDKTN_DISABLE_CREATION_STACK;
  process.env.CDKTN_DISABLE_CREATION_STACK = "1";
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.CDKTN_DISABLE_CREATION_STACK;
    else process.env.CDKTN_DISABLE_CREATION_STACK = before;
  }
}

function defaultTrace(error: Error, frames: NodeJS.CallSite[]): string {
  return [`${error.name}: ${error.message}`, ...frames.map((f) => `    at ${f}`)].join("\n");
}
