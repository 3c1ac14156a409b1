import { type OutputLock, withOutputLock } from "./lock";
import { type OutputContext, resolveOutput } from "./paths";

/**
 * What every command with an output folder runs its work in: the path checked first (so a
 * refused path is reported before anything waits or is written), then the folder's lock held
 * for the whole run.
 */
export async function withLockedOutput<T>(path: string, context: OutputContext, fn: (lock: OutputLock) => Promise<T> | T): Promise<T> {
  const out = resolveOutput(path, context);
  return withOutputLock(out, fn, { shown: path });
}
