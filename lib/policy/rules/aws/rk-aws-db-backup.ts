import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { asNumber, isSet, show } from "../../view/values";

export const MIN_BACKUP_DAYS = 7;

export default defineResourceRule({
  id: "RK-AWS-DB-BACKUP",
  title: `RDS keeps automated backups for at least ${MIN_BACKUP_DAYS} days`,
  description: "Automated backups and point-in-time recovery let a realm recover from data loss or corruption.",
  severity: "medium",
  profiles: ["soc2", "hipaa", "pci"],
  provider: "aws",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  publicIds: { checkov: ["CKV_AWS_133"], trivy: ["AWS-0077"] },
  fix: `set \`backup_retention_period\` to ${MIN_BACKUP_DAYS} or more (realm key database.backupRetentionDays)`,
  check(r) {
    if (isSet(r.values.replicate_source_db)) return notApplicable("read replica: backups are taken on the source");
    const days = asNumber(r.values.backup_retention_period);
    if (days === undefined) return fail(`\`backup_retention_period\` is ${show(r.values.backup_retention_period)}`);
    return days >= MIN_BACKUP_DAYS ? pass() : fail(`\`backup_retention_period\` is ${days} day(s), below ${MIN_BACKUP_DAYS}`);
  },
});
