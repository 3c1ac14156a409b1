import { databaseChoice, type ManagedDatabaseSpec } from "../../constructs/database";
import { App, TerraformStack } from "../../lib/cdktf";
import { databaseWiring } from "../../lib/stacks/database";

/**
 * The managed/external database choice is made once (databaseChoice) and what follows from it
 * for a stack (the common output, the `db` record, the runtime host) once (databaseWiring), the
 * same for every cloud kit.
 */
const SPEC: ManagedDatabaseSpec = {
  engine: "postgres",
  version: "16",
  sku: "db.r6g.large",
  storageGb: 50,
  highAvailability: false,
  backupRetentionDays: 7,
};
const EXTERNAL = { host: "pg.partner.example.com", port: 5433 };

describe("databaseChoice", () => {
  it("turns props with exactly one of managed and external into the union", () => {
    expect(databaseChoice({ realm: "r1", managed: SPEC }, "RK-AWS-DATABASE-KIND")).toEqual({ kind: "managed", spec: SPEC });
    expect(databaseChoice({ realm: "r1", external: EXTERNAL }, "RK-AWS-DATABASE-KIND")).toEqual({ kind: "external", ...EXTERNAL });
  });

  it.each([
    ["both", { managed: SPEC, external: EXTERNAL }],
    ["neither", {}],
  ])("refuses %s, with the calling cloud's code and the realm", (_name, over) => {
    expect(() => databaseChoice({ realm: "r1", ...over }, "RK-GCP-DATABASE-KIND")).toThrow(
      expect.objectContaining({ code: "RK-GCP-DATABASE-KIND", realm: "r1" }),
    );
  });
});

describe("databaseWiring", () => {
  const stack = () => new TerraformStack(new App(), "s");
  const outputs = (s: TerraformStack) => Object.keys((JSON.parse(JSON.stringify(s.toTerraform())) as { output?: object }).output ?? {});

  it("for a managed database: the common output, the record type the cloud's host needs, and the runtime host", () => {
    const s = stack();
    const name = databaseWiring(s, { choice: { kind: "managed", spec: SPEC }, host: "db.internal" }, "name");
    expect(name).toEqual({ records: [{ name: "db", type: "CNAME", values: ["db.internal"] }], runtimeHost: "db.internal" });
    expect(outputs(s)).toEqual(["database_host"]);
    const address = databaseWiring(stack(), { choice: { kind: "managed", spec: SPEC }, host: "10.0.0.5" }, "address");
    expect(address.records).toEqual([{ name: "db", type: "A", values: ["10.0.0.5"] }]);
  });

  it("for an external database: always a CNAME, and no runtime host (the realm file carries it)", () => {
    const s = stack();
    const w = databaseWiring(s, { choice: { kind: "external", ...EXTERNAL }, host: EXTERNAL.host }, "address");
    expect(w).toEqual({ records: [{ name: "db", type: "CNAME", values: [EXTERNAL.host] }], runtimeHost: undefined });
    expect(outputs(s)).toEqual(["database_host"]);
  });

  it("for no database: no output and no record", () => {
    const s = stack();
    expect(databaseWiring(s, undefined, "name")).toEqual({ records: [] });
    expect(outputs(s)).toEqual([]);
  });
});
