import { join, resolve } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");
/**
 * Realmkit's own tests run on this copy of the sample realms, never on `realms/`: the user's
 * inventory changes whenever a realm is added, and must not break Realmkit's tests. The
 * user's inventory has its own suite, `__tests__/inventory`.
 */
export const FIXTURE_REALMS = join(REPO_ROOT, "__tests__", "fixtures", "realms");
/** The user's inventory, checked only by `__tests__/inventory`. */
export const USER_REALMS = resolve(REPO_ROOT, process.env.REALMKIT_REALMS ?? "realms");
