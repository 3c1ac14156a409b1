import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { TerraformOutput } from "../../lib/cdktf";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import type { AwsEgressAcl } from "../network/aws-egress-acl";
import type { ServicesProps } from "./index";

export interface AwsServicesProps extends ServicesProps {
  /** Realm key; encrypts the service credential secrets. */
  readonly keyArn: string;
  /** The network ACL of the private subnets: each distinct service port is opened on it. */
  readonly egressAcl: AwsEgressAcl;
  /** Days a deleted credentials secret stays recoverable (7 to 30). @default 30 */
  readonly secretRecoveryDays?: number;
}

/**
 * What the realm needs to reach its external services: a credentials secret per service that
 * has one (the value is set out of band), an egress rule per distinct port on the private
 * subnets' network ACL (where egress is enforced, see AwsEgressAcl), and outputs naming each
 * endpoint and secret.
 */
export class AwsServices extends Construct {
  /** The TCP ports opened for the services, ascending. */
  readonly egressPorts: readonly number[];
  /** Secret ARN per service name, for services with `secret: true`. */
  readonly secretArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AwsServicesProps) {
    super(scope, id);
    const outputNames = checkServices(props);
    const secretArns: Record<string, string> = {};

    for (const service of props.services) {
      const output = outputNames.get(service.name)!;
      new TerraformOutput(this, `${output}_url`, { value: service.url, staticId: true });
      if (!service.secret) continue;
      const secret = new SecretsmanagerSecret(this, `secret-${service.name}`, {
        name: resourceName("aws", "default", props.realm, "service", service.name),
        description: `Credentials for external service ${service.name} (${service.url}) of realm ${props.realm}; value set out of band`,
        kmsKeyId: props.keyArn,
        recoveryWindowInDays: props.secretRecoveryDays ?? 30,
      });
      secretArns[service.name] = secret.arn;
      new TerraformOutput(this, `${output}_secret_arn`, { value: secret.arn, staticId: true });
    }

    const ports = [...new Set(props.services.map((s) => s.port))].sort((a, b) => a - b);
    // SaaS endpoints sit behind CDNs and load balancers whose addresses change without notice, so
    // egress is limited by port, not by destination address; hostnames are pinned by TLS.
    for (const port of ports) props.egressAcl.addEgressPort(this, `egress-${port}`, port);

    this.egressPorts = ports;
    this.secretArns = secretArns;
  }
}

/** Output name stem per service (`service_<name>` with hyphens as underscores); fails when two collide. */
function checkServices(props: AwsServicesProps): Map<string, string> {
  const byOutput = new Map<string, string>();
  const names = new Map<string, string>();
  for (const service of props.services) {
    const output = `service_${service.name.replace(/-/g, "_")}`;
    const fail = (message: string, fix: string): never => {
      throw new RealmkitError("RK-AWS-SERVICES-NAME", message, { realm: props.realm, value: service.name, fix });
    };
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(service.name))
      fail(`service name \`${service.name}\` cannot name a Terraform output`, "use letters, digits, `-` and `_`, starting with a letter");
    const clash = byOutput.get(output);
    if (clash !== undefined) fail(`services \`${clash}\` and \`${service.name}\` both map to output ${output}_url`, "rename one of them");
    if (!Number.isInteger(service.port) || service.port < 1 || service.port > 65535) {
      throw new RealmkitError("RK-AWS-SERVICES-PORT", `service \`${service.name}\` has port ${service.port}`, {
        realm: props.realm,
        value: service.port,
        fix: "use a port from 1 to 65535",
      });
    }
    byOutput.set(output, service.name);
    names.set(service.name, output);
  }
  return names;
}
