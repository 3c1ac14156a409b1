import { RealmkitError } from "../../lib/config/errors";
import { isEndpoint, maskCredentials, parseEndpoint } from "../../lib/config/endpoint";
import type { RealmScopeProps } from "../common";

export interface ServiceSpec {
  /** Logical name, e.g. `payments`. */
  readonly name: string;
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Create a secret container for this service's credentials (value set out of band). */
  readonly secret: boolean;
}

/** Connections from the realm to external services: secrets, egress rules, endpoint outputs. */
export interface ServicesProps extends RealmScopeProps {
  readonly services: readonly ServiceSpec[];
}

/**
 * Host and port of a service address (any `scheme://host[:port]` or `host:port`; the port from
 * the scheme's well-known port when absent). Throws on an address `realmkit validate` rejects.
 */
export function parseServiceUrl(url: string): { host: string; port: number } {
  const parsed = parseEndpoint(url);
  if (!isEndpoint(parsed)) {
    throw new RealmkitError(
      "RK-CONFIG-SERVICE-URL",
      `\`${maskCredentials(url)}\` is not a service address Realmkit can open egress to (${parsed.kind})`,
      {
        value: maskCredentials(url),
        fix: "write scheme://host:port (e.g. amqps://mq.example.com:5671) or host:port",
      },
    );
  }
  return { host: parsed.host, port: parsed.port };
}
