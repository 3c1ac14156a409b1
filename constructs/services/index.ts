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

/** Host and port of a service URL (port from the scheme when absent). */
export function parseServiceUrl(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === "http:" ? 80 : 443;
  return { host: parsed.hostname, port };
}
