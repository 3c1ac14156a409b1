import type { DatabaseChoice } from "../../constructs/database";
import type { DnsRecordSpec } from "../../constructs/dns";
import type { TerraformStack } from "../cdktf";
import { commonOutput } from "./outputs";

/** The database a kit built: the choice it followed and the host its construct reports. */
export interface BuiltDatabase {
  readonly choice: DatabaseChoice;
  readonly host: string;
}

/** What the rest of the stack takes from the realm database, the same on every cloud. */
export interface DatabaseWiring {
  /** The `db` record of the realm's private zone. */
  readonly records: DnsRecordSpec[];
  /**
   * The host the runtime configuration publishes: a managed database's endpoint, known only
   * after apply. An external database's address is a realm value the runtime document already
   * carries from the realm file, so none is passed.
   */
  readonly runtimeHost?: string;
}

/**
 * Writes the common `database_host` output and returns the DNS record and runtime host that
 * follow from the managed/external choice, so no kit decides them itself. `managedHost` says
 * what a managed database's host is on this cloud: Cloud SQL gives a private IP address (an A
 * record); RDS and Azure give a DNS name (a CNAME). An external host is always a name.
 */
export function databaseWiring(stack: TerraformStack, db: BuiltDatabase | undefined, managedHost: "address" | "name"): DatabaseWiring {
  if (!db) return { records: [] };
  commonOutput(stack, "databaseHost", db.host);
  const type = db.choice.kind === "managed" && managedHost === "address" ? "A" : "CNAME";
  return {
    records: [{ name: "db", type, values: [db.host] }],
    runtimeHost: db.choice.kind === "managed" ? db.host : undefined,
  };
}
