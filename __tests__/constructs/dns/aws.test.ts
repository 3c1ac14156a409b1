import { TerraformOutput } from "../../../lib/cdktf";
import { AwsDns, type AwsDnsProps } from "../../../constructs/dns/aws";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";

const VPC = "vpc-0123456789abcdef0";
const prod: AwsDnsProps = {
  realm: "us2",
  tier: "prod",
  zone: "us2.ibc.example.com",
  vpcId: VPC,
  records: [
    { name: "db", type: "CNAME", values: ["ibc-us2-postgres.abc.us-east-2.rds.amazonaws.com"] },
    { name: "ingress", type: "A", values: ["10.20.0.10", "10.20.32.10"] },
  ],
};

const synth = (props: AwsDnsProps): TfJson =>
  synthConstruct((scope) => {
    const dns = new AwsDns(scope, "dns", props);
    new TerraformOutput(scope, "zone", { value: dns.zoneId });
  });

describe("AwsDns", () => {
  const json = synth(prod);
  const zoneRef = `\${aws_route53_zone.${Object.keys(resourcesOf(json, "aws_route53_zone"))[0]}.zone_id}`;

  it("creates a private hosted zone associated with the realm VPC only", () => {
    expect(onlyResource(json, "aws_route53_zone")).toEqual({
      name: "us2.ibc.example.com",
      comment: "Private zone of realm us2",
      vpc: [{ vpc_id: VPC }],
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(json.output!.zone.value).toBe(zoneRef);
  });

  it.each([
    ["prod", true],
    ["staging", true],
    ["dev", false],
  ] as const)("protects the zone from destruction by tier (%s: %s)", (tier, protectedZone) => {
    expect(onlyResource(synth({ ...prod, tier }), "aws_route53_zone").lifecycle).toEqual({ prevent_destroy: protectedZone });
  });

  it("creates every record as a fully qualified name in the zone with a 300 s TTL", () => {
    const records = Object.values(resourcesOf(json, "aws_route53_record")).sort((a, b) => a.name.localeCompare(b.name));
    expect(records).toEqual([
      {
        zone_id: zoneRef,
        name: "db.us2.ibc.example.com",
        type: "CNAME",
        ttl: 300,
        records: ["ibc-us2-postgres.abc.us-east-2.rds.amazonaws.com"],
      },
      { zone_id: zoneRef, name: "ingress.us2.ibc.example.com", type: "A", ttl: 300, records: ["10.20.0.10", "10.20.32.10"] },
    ]);
  });

  it("creates a zone without records when there are none", () => {
    expect(resourcesOf(synth({ ...prod, records: [] }), "aws_route53_record")).toEqual({});
  });

  it("rejects a CNAME with several targets, a record without values and a name used twice", () => {
    const cname = { name: "db", type: "CNAME" as const, values: ["a.example.com", "b.example.com"] };
    expect(() => synth({ ...prod, records: [cname] })).toThrow("CNAME record `db` has 2 values; a CNAME points to exactly one name");
    expect(() => synth({ ...prod, records: [{ name: "x", type: "A", values: [] }] })).toThrow("record `x` has no values");
    const twice = [prod.records[0]!, { name: "db", type: "A" as const, values: ["10.0.0.1"] }];
    expect(() => synth({ ...prod, records: twice })).toThrow("record `db` of zone us2.ibc.example.com is defined twice");
  });
});
