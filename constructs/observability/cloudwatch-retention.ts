import { RealmkitError } from "../../lib/config/errors";

/** The only retention periods CloudWatch Logs accepts (`PutRetentionPolicy`). */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Checks a log retention against what CloudWatch Logs accepts. The realm schema allows any
 * number of days because GCP and Azure do; on AWS a value like 100 would only fail at apply
 * time, so it fails at synth time here, naming the two closest valid values.
 */
export function cloudWatchRetentionDays(days: number, realm?: string): number {
  if ((CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(days)) return days;
  const below = [...CLOUDWATCH_RETENTION_DAYS].reverse().find((d) => d < days);
  const above = CLOUDWATCH_RETENTION_DAYS.find((d) => d > days);
  const options = [below, above].filter((d) => d !== undefined).join(" or ");
  throw new RealmkitError("RK-AWS-LOG-RETENTION", `CloudWatch Logs cannot keep logs for ${days} days`, {
    value: days,
    realm,
    fix: `set observability.logRetentionDays to ${options} (AWS accepts ${CLOUDWATCH_RETENTION_DAYS.join(", ")})`,
  });
}
