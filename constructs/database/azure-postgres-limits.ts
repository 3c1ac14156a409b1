import { RealmkitError } from "../../lib/config/errors";

/**
 * Azure PostgreSQL Flexible Server limits, in a module of their own without cdktf: the construct
 * enforces them while building, and `realmkit validate` checks realm files against them first.
 */

/** The storage sizes Azure offers (MB); the largest holds 32767 GiB. */
export const STORAGE_SIZES_MB = [
  32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408,
] as const;

/** The smallest size Azure offers that holds `storageGb`. */
export function storageSizeMb(storageGb: number, realm: string): number {
  const size = STORAGE_SIZES_MB.find((mb) => mb >= storageGb * 1024);
  if (size === undefined) {
    throw new RealmkitError(
      "RK-AZURE-DATABASE-STORAGE",
      `database.storageGb ${storageGb} exceeds the largest Azure PostgreSQL disk (32767 GiB)`,
      {
        realm,
        value: storageGb,
        fix: "set database.storageGb to 32767 or less",
      },
    );
  }
  return size;
}

/** Backups are kept 7 to 35 days on Azure (the schema allows 1-35, what AWS accepts). */
export function checkBackupRetention(days: number, realm: string): void {
  if (Number.isInteger(days) && days >= 7 && days <= 35) return;
  throw new RealmkitError("RK-AZURE-DATABASE-RANGE", `database.backupRetentionDays must be 7 to 35 on Azure PostgreSQL, got ${days}`, {
    realm,
    value: days,
    fix: "set database.backupRetentionDays between 7 and 35",
  });
}
