import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { asNumber, isSet, linked, show } from "../../view/values";
import { engineFamily } from "../helpers";

export const MIN_BACKUP_DAYS = 7;

export default defineResourceRule({
  id: "RK-AWS-DB-BACKUP",
  title: `RDS keeps automated backups for at least ${MIN_BACKUP_DAYS} days`,
  description: "Automated backups and point-in-time recovery let a realm recover from data loss or corruption.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  publicIds: {
    checkov: ["CKV_AWS_133"],
    trivy: ["AWS-0077"],
    partial: {
      CKV_AWS_133: "passes any retention of 1 to 35 days; 7 or more are required here",
      "AWS-0077": "passes anything above 1 day; 7 or more are required here",
    },
  },
  fix: `set \`backup_retention_period\` to ${MIN_BACKUP_DAYS} or more (realm key database.backupRetentionDays)`,
  check(r, ctx) {
    if (isSet(r.values.replicate_source_db)) {
      // MySQL and MariaDB replicas keep automated backups (they are what a promotion starts from);
      // other engines back up the source only. A replica may leave `engine` to its source.
      const source = linked(ctx.stack, r.values.replicate_source_db, ["aws_db_instance"], ["identifier", "arn", "id"])[0];
      const family = engineFamily(r.values.engine ?? source?.values.engine);
      if (family !== "mysql") return notApplicable("read replica: RDS backs up the source, not replicas of this engine");
    }
    const days = asNumber(r.values.backup_retention_period);
    if (days === undefined) return fail(`\`backup_retention_period\` is ${show(r.values.backup_retention_period)}`);
    return days >= MIN_BACKUP_DAYS ? pass() : fail(`\`backup_retention_period\` is ${days} day(s), below ${MIN_BACKUP_DAYS}`);
  },
});
