import type { ITerraformDependable } from "../../../lib/cdktf";
import { GcpServices, type GcpServicesProps } from "../../../constructs/services/gcp";
import { parseServiceUrl, type ServiceSpec } from "../../../constructs/services";
import type { RealmkitError } from "../../../lib/config/errors";
import { resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { expectLabeledEverywhere, KEY_ID, NETWORK_ID, PROJECT, REGION, SCOPE } from "../gcp-sample";

const GRANT: ITerraformDependable = { fqn: "google_kms_crypto_key_iam_member.secretmanager" };
const service = (name: string, url: string, secret: boolean): ServiceSpec => ({ name, url, ...parseServiceUrl(url), secret });
const prod: GcpServicesProps = {
  ...SCOPE,
  realm: "eu1",
  tier: "prod",
  services: [
    service("payments", "https://eu.api.payments.example.com", true),
    service("tax", "https://api.vat-service.example.eu", true),
    service("search", "https://search.partner.example.eu:9243", false),
  ],
  keyId: KEY_ID,
  keyGrants: [GRANT],
  networkId: NETWORK_ID,
};
const synth = (props: GcpServicesProps): TfJson => synthConstruct((scope) => new GcpServices(scope, "services", props));
const secrets = (json: TfJson) => Object.values(resourcesOf(json, "google_secret_manager_secret"));
const firewalls = (json: TfJson) => Object.values(resourcesOf(json, "google_compute_firewall"));
const thrown = (props: GcpServicesProps): RealmkitError => {
  try {
    synth(props);
  } catch (err) {
    return err as RealmkitError;
  }
  throw new Error("expected an error");
};

describe("GcpServices", () => {
  const json = synth(prod);

  it("creates a secret container only for services with credentials", () => {
    expect(secrets(json).map((s) => s.secret_id)).toEqual(["ibc-eu1-service-payments", "ibc-eu1-service-tax"]);
  });

  it("never stores a secret value", () => {
    expect(resourcesOf(json, "google_secret_manager_secret_version")).toEqual({});
    expect(JSON.stringify(json)).not.toMatch(/secret_data|payload/);
  });

  it("keeps each secret's single replica in the realm region, encrypted with the realm key once the agent may use it", () => {
    for (const s of secrets(json)) {
      expect(s.replication).toEqual({
        user_managed: { replicas: [{ location: REGION, customer_managed_encryption: { kms_key_name: KEY_ID } }] },
      });
      expect(s.replication.auto).toBeUndefined();
      expect(s.depends_on).toEqual([GRANT.fqn]);
      expect(s.project).toBe(PROJECT);
    }
  });

  it("protects secrets from deletion except in dev", () => {
    for (const s of secrets(json)) expect(s.deletion_protection).toBe(true);
    for (const s of secrets(synth({ ...prod, tier: "dev" }))) expect(s.deletion_protection).toBe(false);
  });

  it("opens and logs egress per service port, one rule per port", () => {
    expect(firewalls(json).map((f) => [f.name, f.direction, f.priority, f.destination_ranges, f.allow, f.log_config, f.network])).toEqual([
      [
        "ibc-eu1-egress-tcp-443",
        "EGRESS",
        1000,
        ["0.0.0.0/0"],
        [{ protocol: "tcp", ports: ["443"] }],
        { metadata: "INCLUDE_ALL_METADATA" },
        NETWORK_ID,
      ],
      [
        "ibc-eu1-egress-tcp-9243",
        "EGRESS",
        1000,
        ["0.0.0.0/0"],
        [{ protocol: "tcp", ports: ["9243"] }],
        { metadata: "INCLUDE_ALL_METADATA" },
        NETWORK_ID,
      ],
    ]);
    expect(firewalls(json)[0]!.description).toBe(
      "Egress of realm eu1 on TCP 443 to eu.api.payments.example.com, api.vat-service.example.eu",
    );
  });

  it("outputs each endpoint and secret under a stable name", () => {
    expect(Object.keys(json.output!).sort()).toEqual([
      "service_payments_secret_id",
      "service_payments_url",
      "service_search_url",
      "service_tax_secret_id",
      "service_tax_url",
    ]);
    expect(json.output!.service_search_url!.value).toBe("https://search.partner.example.eu:9243");
    expect(json.output!.service_payments_secret_id!.value).toMatch(/^\$\{google_secret_manager_secret\..+\.name\}$/);
  });

  it("labels every secret", () => {
    expectLabeledEverywhere(json);
  });

  it("needs no key grant when no service has credentials", () => {
    const plain = synth({ ...prod, keyGrants: undefined, services: [service("search", "https://search.partner.example.eu:9243", false)] });
    expect(secrets(plain)).toEqual([]);
    expect(firewalls(plain)).toHaveLength(1);
  });

  it.each([
    ["a name that is not a valid secret id", [service("Pay_ments", "https://x.example.com", true)], "RK-GCP-SERVICES-NAME"],
    [
      "two names mapping to one output",
      [service("a-b", "https://x.example.com", false), service("a_b", "https://y.example.com", false)],
      "RK-GCP-SERVICES-NAME",
    ],
    ["port 0", [{ ...service("x", "https://x.example.com", false), port: 0 }], "RK-GCP-SERVICES-PORT"],
  ])("rejects %s", (_, services, code) => {
    const err = thrown({ ...prod, services });
    expect(err.code).toBe(code);
    expect(err.realm).toBe("eu1");
  });
});
