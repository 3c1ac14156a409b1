import { RealmkitError } from "../../lib/config/errors";

/**
 * The Cloud SQL machine tiers Realmkit supports, without cdktf: the construct enforces it while
 * building, and `realmkit validate` checks a realm's explicit `database.sku` against it first
 * (the catalogue's sizes always pass).
 */
export function checkCloudSqlTier(sku: string, realm: string): void {
  if (/^db-(custom-\d+-\d+|perf-optimized-N-\d+)$/.test(sku)) return;
  throw new RealmkitError("RK-GCP-DATABASE-TIER", `"${sku}" is not a Cloud SQL PostgreSQL machine tier Realmkit supports`, {
    realm,
    value: sku,
    fix: "use a size from the catalogue or a tier like db-custom-4-15360 (Enterprise) or db-perf-optimized-N-8 (Enterprise Plus)",
  });
}
