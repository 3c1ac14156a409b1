import picomatch from "picomatch";
import type { Suppression } from "../config/types";
import { locate } from "../config/merge";
import { PROTECTED_RULES, isWildcard } from "../config/suppression-bounds";
import type { RealmModel } from "../model/realm-model";
import type { Finding, SuppressionInfo } from "./types";

/** Rules about suppressions themselves cannot be suppressed. */
export const UNSUPPRESSIBLE_PREFIX = "RK-SUPPRESSION-";

export interface RealmSuppression {
  readonly index: number;
  readonly suppression: Suppression;
  readonly info: SuppressionInfo;
  readonly expired: boolean;
  readonly matches: (address: string, constructPath?: string) => boolean;
}

/** `expires` is a date: the suppression holds through that day (UTC) and is expired after it. */
export function isExpired(expires: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) > expires;
}

/**
 * Matches a resource glob against an address (`aws_db_instance.*`, `module.db.**`) or a cdktf
 * construct path (`realm-us2/database/**`). An exact address also matches as written, since
 * addresses may hold `[0]`, which a glob reads as a character class.
 */
export function addressMatcher(glob: string | undefined): (address: string, constructPath?: string) => boolean {
  if (glob === undefined) return () => true;
  const isMatch = picomatch(glob, { dot: true, nobrace: false });
  return (address, constructPath) => address === glob || isMatch(address) || (constructPath !== undefined && isMatch(constructPath));
}

/** The realm's suppressions with their source location and state at `now`. */
export function realmSuppressions(realm: RealmModel, now: Date): RealmSuppression[] {
  // As written (not template-escaped): reasons and globs are shown and matched, never synthesized.
  return (realm.resolved.config.suppressions ?? []).map((suppression, index) => ({
    index,
    suppression,
    expired: isExpired(suppression.expires, now),
    matches: addressMatcher(suppression.resource),
    info: {
      reason: suppression.reason,
      approvedBy: suppression.approvedBy,
      expires: suppression.expires,
      location: locate(realm.resolved.provenance, `/suppressions/${index}`),
    },
  }));
}

/**
 * Marks each failing finding that an unexpired suppression of its realm covers. Suppressed
 * findings stay in the result (reports show them, marked); expired suppressions cover nothing.
 */
export function applySuppressions(findings: readonly Finding[], realm: RealmModel | undefined, now: Date): Finding[] {
  if (!realm) return [...findings];
  // A protected rule's suppression without one named resource covers nothing, even where
  // validation did not run (policy over files): validation reports it as an error.
  const active = realmSuppressions(realm, now).filter(
    (s) =>
      !s.expired &&
      !(PROTECTED_RULES.has(s.suppression.rule) && (s.suppression.resource === undefined || isWildcard(s.suppression.resource))),
  );
  if (active.length === 0) return [...findings];
  return findings.map((f) => {
    if (f.status !== "fail" || f.ruleId.startsWith(UNSUPPRESSIBLE_PREFIX)) return f;
    const hit = active.find((s) => s.suppression.rule === f.ruleId && s.matches(f.address, f.constructPath));
    return hit ? { ...f, suppressed: hit.info } : f;
  });
}
