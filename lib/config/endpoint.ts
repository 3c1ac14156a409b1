/**
 * Where a realm connects to an external service: `scheme://host[:port][/path]` with any scheme
 * (smtps, amqps, ldaps, postgres, kafka, grpcs, ...) or a plain `host:port`. Egress rules need
 * the port, so it comes from the URL or from the scheme's well-known port; a scheme without
 * one needs an explicit port. Credentials never belong in a realm file.
 */
export interface Endpoint {
  /** Lowercase scheme without `://`; undefined for a plain `host:port`. */
  readonly scheme?: string;
  readonly host: string;
  readonly port: number;
}

/** Well-known TCP ports by URL scheme (IANA, or the port every client defaults to). */
export const WELL_KNOWN_PORTS: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  ftps: 990,
  sftp: 22,
  ssh: 22,
  smtp: 25,
  smtps: 465,
  submission: 587,
  imap: 143,
  imaps: 993,
  pop3: 110,
  pop3s: 995,
  ldap: 389,
  ldaps: 636,
  amqp: 5672,
  amqps: 5671,
  mqtt: 1883,
  mqtts: 8883,
  kafka: 9092,
  nats: 4222,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  sqlserver: 1433,
  oracle: 1521,
  mongodb: 27017,
  redis: 6379,
  rediss: 6380,
  memcached: 11211,
  syslog: 514,
});

export type EndpointProblem =
  | { readonly kind: "malformed" }
  | { readonly kind: "credentials"; readonly masked: string }
  | { readonly kind: "no-port"; readonly scheme: string }
  | { readonly kind: "bad-port"; readonly port: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i;
const HOST_PORT = /^([^\s/:@?#]+):(\d+)$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The URL with any password (or lone user part) replaced by `****`, for messages. */
export function maskCredentials(url: string): string {
  return url.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i,
    (_, scheme: string, userinfo: string) => `${scheme}${userinfo.includes(":") ? `${userinfo.split(":")[0]}:****` : "****"}@`,
  );
}

/** Parses a service address; returns the endpoint or what is wrong with it. */
export function parseEndpoint(url: string): Endpoint | EndpointProblem {
  const withScheme = SCHEME.exec(url);
  let scheme: string | undefined;
  let authority: string;
  if (withScheme) {
    scheme = withScheme[1]!.toLowerCase();
    authority = withScheme[2]!.split(/[/?#]/, 1)[0]!;
  } else {
    if (!HOST_PORT.test(url)) return { kind: "malformed" };
    authority = url;
  }
  if (authority.includes("@"))
    return { kind: "credentials", masked: maskCredentials(withScheme ? url : `x://${url}`).replace(/^x:\/\//, "") };
  const m = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d*))?$/i.exec(authority);
  if (!m) return { kind: "malformed" };
  const host = m[1]!.toLowerCase();
  if (!host.startsWith("[") && !HOSTNAME.test(host)) return { kind: "malformed" };
  if (m[2] !== undefined) {
    const port = Number(m[2]);
    if (m[2] === "" || !Number.isInteger(port) || port < 1 || port > 65535) return { kind: "bad-port", port: m[2] };
    return { scheme, host, port };
  }
  const known = scheme ? WELL_KNOWN_PORTS[scheme] : undefined;
  if (known === undefined) return { kind: "no-port", scheme: scheme ?? "" };
  return { scheme, host, port: known };
}

export function isEndpoint(parsed: Endpoint | EndpointProblem): parsed is Endpoint {
  return "host" in parsed;
}
