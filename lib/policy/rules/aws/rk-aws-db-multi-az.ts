import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { isSet, isTrue, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-DB-MULTI-AZ",
  title: "Production RDS instances run Multi-AZ",
  description: "A standby in another availability zone keeps a production realm's database up through a zone failure.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_db_instance"],
  publicIds: { checkov: ["CKV_AWS_157"], partial: { CKV_AWS_157: "every instance; required in prod realms only here" } },
  fix: "set `multi_az = true` (realm key database.highAvailability: true)",
  check(r, ctx) {
    if (ctx.tier === undefined) return notApplicable("the realm's tier is unknown (no realm and no `tier` tag)");
    if (ctx.tier !== "prod") return notApplicable(`tier ${ctx.tier}: Multi-AZ is required in prod only`);
    if (isSet(r.values.replicate_source_db)) return notApplicable("read replica");
    return isTrue(r.values.multi_az) ? pass() : fail(`\`multi_az\` is ${show(r.values.multi_az)} in a prod realm`);
  },
});
