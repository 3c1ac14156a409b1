import { RealmkitError } from "../../lib/config/errors";

/** Cloud Logging keeps entries in a user-defined log bucket for 1 to 3650 days. */
export const GCP_LOG_RETENTION_RANGE = [1, 3650] as const;

/** Throws unless Cloud Logging can keep logs `days` long (no cdktf here: `realmkit validate` calls it too). */
export function checkGcpLogRetention(days: number, realm: string): void {
  const [min, max] = GCP_LOG_RETENTION_RANGE;
  if (Number.isInteger(days) && days >= min && days <= max) return;
  throw new RealmkitError("RK-GCP-LOG-RETENTION", `Cloud Logging cannot keep logs for ${days} days`, {
    realm,
    value: days,
    fix: `set observability.logRetentionDays between ${min} and ${max} for GCP realms`,
  });
}
