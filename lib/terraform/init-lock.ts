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

/**
 * A holder refreshes the lock's mtime every UPDATE_MS; another process takes it over only when
 * it is older than STALE_MS (a crashed holder). The margin is wide on purpose: on a loaded
 * 2-core CI machine a refresh can be late by many seconds, and at the former 30 s another
 * process took over a live lock and ran its init into the same cache at the same time.
 */
const STALE_MS = 120_000;
const UPDATE_MS = 5_000;

/** Inits run again under a fresh lock after a lost one: init is idempotent, a race is not. */
const ATTEMPTS = 2;

export async function withInitLock<T>(pluginCacheDir: string, fn: () => Promise<T>): Promise<T> {
  const key = resolve(pluginCacheDir);
  const previous = chains.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => withFileLock(key, fn, ATTEMPTS));
  const settled = run.catch(() => undefined);
  chains.set(key, settled);
  try {
    return await run;
  } finally {
    if (chains.get(key) === settled) chains.delete(key);
  }
}

async function withFileLock<T>(cacheDir: string, fn: () => Promise<T>, attempts: number): Promise<T> {
  mkdirSync(cacheDir, { recursive: true });
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lock(cacheDir, {
      lockfilePath: join(cacheDir, ".realmkit-init.lock"),
      realpath: false,
      stale: STALE_MS,
      update: UPDATE_MS,
      retries: RETRY,
      onCompromised: (err) => {
        compromised = err;
      },
    });
  } catch (err) {
    throw new RealmkitError(
      "RK-TF-INIT-LOCK",
      `could not lock the plugin cache ${cacheDir} for terraform init: ${(err as Error).message}`,
      {
        value: cacheDir,
        fix: "another terraform init is holding the cache for very long; wait for it, or remove the stale .realmkit-init.lock folder if no such process runs",
      },
    );
  }
  let result: T;
  try {
    result = await fn();
  } finally {
    await release().catch(() => undefined);
  }
  if (!compromised) return result;
  // Another process may have initialised into the cache meanwhile: this init's result is in
  // doubt, so it runs again, under a lock held properly this time.
  if (attempts > 1) return withFileLock(cacheDir, fn, attempts - 1);
  throw new RealmkitError(
    "RK-TF-INIT-LOCK",
    `the plugin cache lock was lost during terraform init, twice: ${(compromised as Error).message}`,
    {
      value: cacheDir,
      fix: "re-run; if it repeats, give each machine its own plugin cache folder (TF_PLUGIN_CACHE_DIR)",
    },
  );
}
