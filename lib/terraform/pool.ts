import { availableParallelism } from "node:os";

export type PoolOutcome<T, R> =
  | { readonly item: T; readonly started: true; readonly result: R }
  | { readonly item: T; readonly started: false };

export interface PoolOptions<R> {
  /** At most this many tasks run at once. @default os.availableParallelism() */
  readonly concurrency?: number;
  /**
   * When a finished task's result matches, no further task is started; tasks already running
   * finish (an apply cut off half-way is worse than one that completes).
   */
  readonly haltWhen?: (result: R) => boolean;
}

export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Runs `task` over `items` in order with bounded concurrency. A task should report failure in
 * its result; a thrown error counts as a failure too and halts when `haltWhen` is set.
 * Outcomes come back in the order of `items`.
 */
export async function runPool<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  options: PoolOptions<R> & { readonly onError: (item: T, err: unknown) => R },
): Promise<PoolOutcome<T, R>[]> {
  const limit = Math.max(1, Math.floor(options.concurrency ?? defaultConcurrency()));
  const outcomes: PoolOutcome<T, R>[] = items.map((item) => ({ item, started: false }));
  let next = 0;
  let halted = false;
  const worker = async (): Promise<void> => {
    while (!halted && next < items.length) {
      const index = next++;
      const item = items[index]!;
      let result: R;
      try {
        result = await task(item);
      } catch (err) {
        result = options.onError(item, err);
      }
      outcomes[index] = { item, started: true, result };
      if (options.haltWhen?.(result)) halted = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return outcomes;
}

/** A counting semaphore: `limit(fn)` runs fn when fewer than `concurrency` calls are running. */
export function createLimiter(concurrency: number = defaultConcurrency()): <T>(fn: () => Promise<T>) => Promise<T> {
  const max = Math.max(1, Math.floor(concurrency));
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
