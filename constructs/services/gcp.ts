import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { TerraformOutput } from "../../lib/cdktf";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { protectsData } from "../common";
import type { GcpKeyRef, GcpScopeProps } from "../gcp-scope";
import { GcpSecret } from "./gcp-secret";
import type { ServicesProps } from "./index";

export interface GcpServicesProps extends ServicesProps, GcpScopeProps, GcpKeyRef {
  /** Network id the egress rules belong to. */
  readonly networkId: string;
}

/**
 * What the realm needs to reach its external services on GCP: a Secret Manager container per
 * service that has credentials (single replica in the realm region, realm key; the value is
 * set out of band), one logged egress firewall rule per service port, and outputs naming
 * each endpoint and secret.
 */
export class GcpServices extends Construct {
  /** Secret id per service name, for services with `secret: true`. */
  readonly secretIds: Readonly<Record<string, string>>;
  /** Firewall rule names by port. */
  readonly egressRules: Readonly<Record<number, string>>;

  constructor(scope: Construct, id: string, props: GcpServicesProps) {
    super(scope, id);
    const outputNames = checkServices(props);
    const secretIds: Record<string, string> = {};

    for (const service of props.services) {
      const output = outputNames.get(service.name)!;
      new TerraformOutput(this, `${output}_url`, { value: service.url, staticId: true });
      if (!service.secret) continue;
      const secret = new GcpSecret(this, `secret-${service.name}`, {
        ...props,
        secretId: resourceName("gcp", "default", props.realm, "service", service.name),
        description: `Credentials for external service ${service.name} (${service.url}) of realm ${props.realm}; value set out of band`,
        deletionProtection: protectsData(props.tier),
      });
      secretIds[service.name] = secret.secretId;
      new TerraformOutput(this, `${output}_secret_id`, { value: secret.secretName, staticId: true });
    }

    const egressRules: Record<number, string> = {};
    const ports = [...new Set(props.services.map((s) => s.port))].sort((a, b) => a - b);
    for (const port of ports) {
      const hosts = props.services.filter((s) => s.port === port).map((s) => s.host);
      const rule = new ComputeFirewall(this, `egress-${port}`, {
        name: resourceName("gcp", "default", props.realm, "egress", "tcp", String(port)),
        project: props.project,
        network: props.networkId,
        // SaaS endpoints sit behind CDNs and load balancers whose addresses change without notice, so
        // egress is limited by port, not by address; hostnames are pinned by TLS. Logging records
        // every connection made through the rule.
        description: `Egress of realm ${props.realm} on TCP ${port} to ${hosts.join(", ")}`.slice(0, 2048),
        direction: "EGRESS",
        priority: 1000,
        destinationRanges: ["0.0.0.0/0"],
        allow: [{ protocol: "tcp", ports: [String(port)] }],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
      egressRules[port] = rule.name;
    }

    this.secretIds = secretIds;
    this.egressRules = egressRules;
  }
}

/** Output name stem per service (`service_<name>` with hyphens as underscores); fails when two collide. */
function checkServices(props: GcpServicesProps): Map<string, string> {
  const byOutput = new Map<string, string>();
  const names = new Map<string, string>();
  for (const service of props.services) {
    const output = `service_${service.name.replace(/-/g, "_")}`;
    const fail = (code: string, message: string, value: unknown, fix: string): never => {
      throw new RealmkitError(code, message, { realm: props.realm, value, fix });
    };
    if (!/^[a-z][a-z0-9-]*$/.test(service.name)) {
      fail(
        "RK-GCP-SERVICES-NAME",
        `service name \`${service.name}\` cannot name a secret and an output`,
        service.name,
        "use lowercase letters, digits and `-`, starting with a letter",
      );
    }
    const clash = byOutput.get(output);
    if (clash !== undefined)
      fail(
        "RK-GCP-SERVICES-NAME",
        `services \`${clash}\` and \`${service.name}\` both map to output ${output}_url`,
        service.name,
        "rename one of them",
      );
    if (!Number.isInteger(service.port) || service.port < 1 || service.port > 65535) {
      fail("RK-GCP-SERVICES-PORT", `service \`${service.name}\` has port ${service.port}`, service.port, "use a port from 1 to 65535");
    }
    byOutput.set(output, service.name);
    names.set(service.name, output);
  }
  return names;
}
