import type { Construct } from "constructs";
import { AwsEgressAcl } from "../../../constructs/network/aws-egress-acl";
import { AwsServices, type AwsServicesProps } from "../../../constructs/services/aws";
import { parseServiceUrl, type ServiceSpec } from "../../../constructs/services";
import { resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";

const KEY = "arn:aws:kms:us-east-2:111122223333:key/realm";
const VPC = "vpc-0123456789abcdef0";
const service = (name: string, url: string, secret: boolean): ServiceSpec => ({ name, url, secret, ...parseServiceUrl(url) });
type Props = Omit<AwsServicesProps, "egressAcl">;
const props: Props = {
  realm: "us2",
  tier: "prod",
  keyArn: KEY,
  services: [
    service("payments", "https://api.payments.example.com", true),
    service("search-partner", "https://search.partner.example.com:9243", false),
    service("tax", "https://api.vat-service.example.eu", true),
  ],
};

const build = (scope: Construct, p: Props): AwsServices =>
  new AwsServices(scope, "services", {
    ...p,
    egressAcl: new AwsEgressAcl(scope, "acl", { vpcId: VPC, vpcCidr: "10.20.0.0/16", subnetIds: ["subnet-a"], name: "ibc-us2-private" }),
  });
const synth = (p: Props): TfJson => synthConstruct((scope) => build(scope, p));
const secretRef = (json: TfJson, name: string) => {
  const found = Object.entries(resourcesOf(json, "aws_secretsmanager_secret")).filter(([, s]) => s.name === name);
  expect(found).toHaveLength(1);
  return `\${aws_secretsmanager_secret.${found[0]![0]}.arn}`;
};

describe("AwsServices", () => {
  const json = synth(props);

  it("creates an encrypted secret container, without a value, for each service that needs credentials", () => {
    expect(Object.values(resourcesOf(json, "aws_secretsmanager_secret"))).toEqual([
      {
        name: "ibc-us2-service-payments",
        description: "Credentials for external service payments (https://api.payments.example.com) of realm us2; value set out of band",
        kms_key_id: KEY,
        recovery_window_in_days: 30,
      },
      {
        name: "ibc-us2-service-tax",
        description: "Credentials for external service tax (https://api.vat-service.example.eu) of realm us2; value set out of band",
        kms_key_id: KEY,
        recovery_window_in_days: 30,
      },
    ]);
    expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toEqual({});
  });

  it("takes the recovery window from the props", () => {
    const secrets = Object.values(resourcesOf(synth({ ...props, secretRecoveryDays: 7 }), "aws_secretsmanager_secret"));
    expect(secrets.map((s) => s.recovery_window_in_days)).toEqual([7, 7]);
  });

  it("opens internet egress once per distinct service port on the private subnets' ACL (HTTPS is open already), and creates no security group", () => {
    expect(resourcesOf(json, "aws_security_group")).toEqual({});
    const acl = `\${aws_network_acl.${Object.keys(resourcesOf(json, "aws_network_acl"))[0]}.id}`;
    const rules = Object.values(resourcesOf(json, "aws_network_acl_rule")).filter((r) => r.rule_number >= 200);
    expect(rules).toEqual([
      {
        network_acl_id: acl,
        rule_number: 200,
        egress: true,
        protocol: "tcp",
        rule_action: "allow",
        cidr_block: "0.0.0.0/0",
        from_port: 9243,
        to_port: 9243,
      },
    ]);
  });

  it("outputs every endpoint URL and every secret ARN under stable names", () => {
    expect(json.output).toEqual({
      service_payments_url: { value: "https://api.payments.example.com" },
      service_payments_secret_arn: { value: secretRef(json, "ibc-us2-service-payments") },
      service_search_partner_url: { value: "https://search.partner.example.com:9243" },
      service_tax_url: { value: "https://api.vat-service.example.eu" },
      service_tax_secret_arn: { value: secretRef(json, "ibc-us2-service-tax") },
    });
  });

  it("exposes the egress ports and the secret ARNs by service", () => {
    let services!: AwsServices;
    synthConstruct((scope) => {
      services = build(scope, props);
    });
    expect(Object.keys(services.secretArns)).toEqual(["payments", "tax"]);
    expect(services.egressPorts).toEqual([443, 9243]);
  });

  it("rejects two services whose output names collide, and names Terraform cannot use", () => {
    const clash = [service("search-partner", "https://a.example.com", false), service("search_partner", "https://b.example.com", false)];
    expect(() => synth({ ...props, services: clash })).toThrow(
      "services `search-partner` and `search_partner` both map to output service_search_partner_url",
    );
    expect(() => synth({ ...props, services: [service("1st", "https://a.example.com", false)] })).toThrow(
      "service name `1st` cannot name a Terraform output",
    );
  });
});
