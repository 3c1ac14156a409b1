import { realmSuppressions } from "../../suppressions";
import { defineStackRule, fail, notApplicable, pass } from "../../types";

export default defineStackRule({
  id: "RK-SUPPRESSION-UNKNOWN-RULE",
  title: "Every suppression names a rule that exists",
  description: "A suppression with a misspelt or retired rule id suppresses nothing; it is reported so it gets fixed or removed.",
  severity: "low",
  provider: "any",
  reads: "the realm's `suppressions` and the rule catalogue",
  perRealm: true,
  publicIds: {},
  fix: "correct the `rule` id (see `realmkit policy --list`) or remove the suppression",
  check(_stack, ctx) {
    if (!ctx.realm) return [{ address: "suppressions", ...notApplicable("suppressions live in realm files: pass --realms to check them") }];
    return realmSuppressions(ctx.realm, ctx.now).map((s) => ({
      address: `suppressions[${s.index}]`,
      location: s.info.location,
      ...(ctx.ruleIds.has(s.suppression.rule) ? pass() : fail(`\`${s.suppression.rule}\` is not a Realmkit rule`)),
    }));
  },
});
