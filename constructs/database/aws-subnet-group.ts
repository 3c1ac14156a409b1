import { RealmkitError } from "../../lib/config/errors";

/**
 * RDS refuses a DB subnet group that spans fewer than two availability zones. The network makes
 * one database subnet per zone, so a realm with `network.zones: 1` cannot hold a managed AWS
 * database. No cdktf here: the construct enforces it and `realmkit validate` checks it first.
 */
export function checkRdsSubnetCount(subnets: number, realm: string): void {
  if (subnets >= 2) return;
  throw new RealmkitError("RK-AWS-DATABASE-SUBNETS", `an RDS subnet group needs subnets in at least two zones, got ${subnets}`, {
    realm,
    value: subnets,
    fix: "give the realm network two or more zones",
  });
}
