import { GcpDns, type GcpDnsProps } from "../../../constructs/dns/gcp";
import type { RealmkitError } from "../../../lib/config/errors";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { expectLabeledEverywhere, NETWORK_ID, PROJECT, refTo, SCOPE } from "../gcp-sample";

const DB_IP = "${google_sql_database_instance.db.private_ip_address}";
const prod: GcpDnsProps = {
  ...SCOPE,
  realm: "eu1",
  tier: "prod",
  zone: "eu1.ibc.example.com",
  records: [{ name: "db", type: "A", values: [DB_IP] }],
  networkId: NETWORK_ID,
};
const synth = (props: GcpDnsProps): TfJson => synthConstruct((scope) => new GcpDns(scope, "dns", props));
const thrown = (props: GcpDnsProps): RealmkitError => {
  try {
    synth(props);
  } catch (err) {
    return err as RealmkitError;
  }
  throw new Error("expected an error");
};

describe("GcpDns", () => {
  const json = synth(prod);
  const zone = onlyResource(json, "google_dns_managed_zone");

  it("creates a private zone visible only in the realm network", () => {
    expect(zone).toMatchObject({
      name: "ibc-eu1-zone",
      project: PROJECT,
      dns_name: "eu1.ibc.example.com.",
      visibility: "private",
      private_visibility_config: { networks: [{ network_url: NETWORK_ID }] },
    });
  });

  it("holds the database record", () => {
    expect(onlyResource(json, "google_dns_record_set")).toEqual({
      project: PROJECT,
      managed_zone: refTo(json, "google_dns_managed_zone", "name"),
      name: "db.eu1.ibc.example.com.",
      type: "A",
      ttl: 300,
      rrdatas: [DB_IP],
    });
  });

  it("makes CNAME targets absolute", () => {
    const cname = synth({ ...prod, records: [{ name: "db", type: "CNAME", values: ["pg.partner.example.com"] }] });
    expect(onlyResource(cname, "google_dns_record_set").rrdatas).toEqual(["pg.partner.example.com."]);
  });

  it("keeps records of a protected realm: the zone is never destroyed with its records", () => {
    expect(zone).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(synth({ ...prod, tier: "dev" }), "google_dns_managed_zone").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("accepts a zone written with a trailing dot and a realm with no records", () => {
    const bare = synth({ ...prod, zone: "eu1.ibc.example.com.", records: [] });
    expect(onlyResource(bare, "google_dns_managed_zone").dns_name).toBe("eu1.ibc.example.com.");
    expect(resourcesOf(bare, "google_dns_record_set")).toEqual({});
  });

  it("labels the zone", () => {
    expectLabeledEverywhere(json);
  });

  it.each([
    ["an absolute record name", [{ name: "db.eu1.ibc.example.com.", type: "A" as const, values: ["10.0.0.1"] }]],
    ["a record without values", [{ name: "db", type: "A" as const, values: [] }]],
    ["a CNAME with two targets", [{ name: "db", type: "CNAME" as const, values: ["a.example.com", "b.example.com"] }]],
    ["a record listed twice", [prod.records[0]!, prod.records[0]!]],
  ])("rejects %s", (_, records) => {
    const err = thrown({ ...prod, records });
    expect(err.code).toBe("RK-GCP-DNS-RECORD");
    expect(err.realm).toBe("eu1");
  });
});
