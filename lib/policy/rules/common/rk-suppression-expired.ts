import { realmSuppressions } from "../../suppressions";
import { defineStackRule, fail, notApplicable, pass } from "../../types";

export default defineStackRule({
  id: "RK-SUPPRESSION-EXPIRED",
  title: "No suppression has expired",
  description:
    "A suppression is a time-boxed, approved exception. After its `expires` date it suppresses nothing and is itself a violation, so exceptions get reviewed instead of living forever.",
  severity: "high",
  provider: "any",
  reads: "the realm's `suppressions` (realm file and layers)",
  perRealm: true,
  publicIds: {},
  fix: "fix the finding and delete the suppression, or have it re-approved with a new `expires` date",
  check(_stack, ctx) {
    if (!ctx.realm) return [{ address: "suppressions", ...notApplicable("suppressions live in realm files: pass --realms to check them") }];
    return realmSuppressions(ctx.realm, ctx.now).map((s) => ({
      address: `suppressions[${s.index}]`,
      location: s.info.location,
      ...(s.expired
        ? fail(
            `suppression of ${s.suppression.rule}${s.suppression.resource ? ` on ${s.suppression.resource}` : ""} (approved by ${s.suppression.approvedBy}) expired on ${s.suppression.expires}`,
          )
        : pass(`valid through ${s.suppression.expires}`)),
    }));
  },
});
