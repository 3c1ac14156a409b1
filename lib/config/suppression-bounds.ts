/**
 * The bounds every suppression is held to, shared by validation (which refuses a realm that
 * breaks them) and the policy engine (which never applies such a suppression, even to files
 * checked without validation).
 */

/** Days ahead an `expires` may be when `_defaults.yaml` sets no `policy.suppressionMaxDays`. */
export const DEFAULT_SUPPRESSION_MAX_DAYS = 180;

/**
 * Rules that protect secrets and data residency: a suppression of one of them must name the
 * one resource it covers. A whole-realm or wildcard exception would silently cover the next
 * secret or the next out-of-residency resource too.
 */
export const PROTECTED_RULES: ReadonlySet<string> = new Set([
  "RK-NO-SECRETS",
  "RK-RUNTIME-CONFIG",
  "RK-RESIDENCY",
  "RK-DATA-FLOW-RESIDENCY",
]);

/**
 * Whether a suppression's `resource` matches more than one address: a glob (`*`, `?`, `{a,b}`,
 * `[abc]`, `!(x)`, `(a|b)`), while list and map indexes of one address (`[0]`, `["key"]`) are exact.
 */
export function isWildcard(resource: string): boolean {
  const exact = resource.replace(/\[(\d+|"[^"]*")\]/g, "");
  // picomatch also reads `(a|b)` as either-or, so parentheses and bars count too.
  return /[*?[\]{}!()|\\]/.test(exact);
}

/** `YYYY-MM-DD` of `now` plus `days` (UTC). */
export function dayAfter(now: Date, days: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days)).toISOString().slice(0, 10);
}
