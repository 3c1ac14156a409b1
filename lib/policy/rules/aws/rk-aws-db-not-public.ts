import { defineResourceRule, fail, pass } from "../../types";
import { isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-DB-NOT-PUBLIC",
  title: "RDS instances are not publicly accessible",
  description:
    "A publicly accessible instance gets an internet-routable endpoint; the realm's database is reached only from inside its network.",
  severity: "critical",
  provider: "aws",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  publicIds: { checkov: ["CKV_AWS_17"], trivy: ["AWS-0180"] },
  fix: "set `publicly_accessible = false` (the default) and reach the database through the realm network",
  check(r) {
    return isTrue(r.values.publicly_accessible) ? fail("`publicly_accessible = true` gives it an internet-routable endpoint") : pass();
  },
});
