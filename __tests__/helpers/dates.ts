/** `YYYY-MM-DD`, `days` from today (UTC): suppressions must end within a bound of today, so fixtures cannot use fixed far dates. */
export function inDays(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days)).toISOString().slice(0, 10);
}
