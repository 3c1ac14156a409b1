import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { lock } from "proper-lockfile";
import { RealmkitError } from "../config/errors";

/**
 * `terraform init` writes into the shared plugin cache; two inits filling it at once can leave
 * a half-written provider behind. Inits are therefore serialised per cache folder twice over:
 * a promise chain orders the inits of this process (first come, first served, no polling), and
 * a proper-lockfile lock (an atomic mkdir, refreshed while held, taken over when stale after a
 * crash) keeps other processes sharing the cache out. Both are needed: the file lock alone
 * would make this process's own inits poll each other.
 */
const chains = new Map<string, Promise<unknown>>();

const RETRY = { retries: 1200, factor: 1.2, minTimeout: 100, maxTimeout: 1000 } as const;

export async function withInitLock<T>(pluginCacheDir: string, fn: () => Promise<T>): Promise<T> {
  const key = resolve(pluginCacheDir);
  const previous = chains.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => withFileLock(key, fn));
  const settled = run.catch(() => undefined);
  chains.set(key, settled);
  try {
    return await run;
  } finally {
    if (chains.get(key) === settled) chains.delete(key);
  }
}

async function withFileLock<T>(cacheDir: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(cacheDir, { recursive: true });
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lock(cacheDir, {
      lockfilePath: join(cacheDir, ".realmkit-init.lock"),
      realpath: false,
      stale: 30_000,
      retries: RETRY,
      onCompromised: (err) => {
        compromised = err;
      },
    });
  } catch (err) {
    throw new RealmkitError("RK-TF-INIT-LOCK", `could not lock the plugin cache ${cacheDir} for terraform init: ${(err as Error).message}`, {
      value: cacheDir,
      fix: "another terraform init is holding the cache for very long; wait for it, or remove the stale .realmkit-init.lock folder if no such process runs",
    });
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
    if (compromised) {
      // Surfaced after the init finished so the caller knows the cache may have been shared.
      // biome-ignore lint/correctness/noUnsafeFinally: the lost lock must surface even after init finished
      throw new RealmkitError("RK-TF-INIT-LOCK", `the plugin cache lock was lost during terraform init: ${compromised.message}`, {
        value: cacheDir,
        fix: "re-run; if it repeats, give each machine its own plugin cache folder",
      });
    }
  }
}
