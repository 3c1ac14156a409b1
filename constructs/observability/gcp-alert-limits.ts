import { RealmkitError } from "../../lib/config/errors";
import type { ResolvedAlert } from "../../lib/model/alerts";

/**
 * What Cloud Monitoring needs of a realm's alerting, without cdktf: the construct enforces it
 * while building, and `realmkit validate` checks realm files against it first. The schema
 * allows an empty address list and a threshold of 0, which no GCP alert policy can use.
 */
export function checkGcpAlertEmails(alertEmails: readonly string[], realm: string): void {
  if (alertEmails.length > 0) return;
  throw new RealmkitError("RK-GCP-OBSERVABILITY", "no alert e-mail address: alerts would reach nobody", {
    realm,
    value: alertEmails,
    fix: "add at least one address to observability.alertEmails",
  });
}

/** One resolved alert's threshold, in the unit the alert names. */
export function checkGcpAlert(a: ResolvedAlert, realm: string): void {
  const fail = (message: string, value: unknown, fix: string): never => {
    throw new RealmkitError("RK-GCP-OBSERVABILITY", message, { realm, value, fix });
  };
  const percent = a.unit === "percent";
  if (percent && !(a.threshold > 0 && a.threshold <= 100))
    fail(`${a.id} must be above 0 and at most 100 (percent), got ${a.threshold}`, a.threshold, "use e.g. 80");
  if (a.id === "databaseFreeStorage" && a.threshold >= 100)
    fail(`freeStoragePercent must be between 0 and 100, got ${a.threshold}`, a.threshold, "use e.g. 10");
  if (a.id === "databaseConnections" && !(Number.isInteger(a.threshold) && a.threshold > 0))
    fail(`connections must be a positive whole number, got ${a.threshold}`, a.threshold, "use e.g. 400");
}
