import { inspectInventory, loadInventory } from "../../lib/model/inventory";
import { maskCredentials, parseEndpoint } from "../../lib/config/endpoint";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

describe("service addresses: any scheme, or host:port", () => {
  test.each([
    ["https://api.example.com/v1", "https", "api.example.com", 443],
    ["http://api.example.com", "http", "api.example.com", 80],
    ["smtps://smtp.example.com:465", "smtps", "smtp.example.com", 465],
    ["smtps://smtp.example.com", "smtps", "smtp.example.com", 465],
    ["amqps://mq.example.com", "amqps", "mq.example.com", 5671],
    ["ldaps://ldap.example.com", "ldaps", "ldap.example.com", 636],
    ["postgres://pg.example.com/app", "postgres", "pg.example.com", 5432],
    ["kafka://broker.example.com", "kafka", "broker.example.com", 9092],
    ["grpcs://api.example.com:8443", "grpcs", "api.example.com", 8443],
    ["SFTP://Files.Example.com", "sftp", "files.example.com", 22],
    ["mq.partner.example.com:5671", undefined, "mq.partner.example.com", 5671],
    ["10.20.30.40:389", undefined, "10.20.30.40", 389],
  ])("%s", (url, scheme, host, port) => {
    expect(parseEndpoint(url)).toEqual({ scheme, host, port });
  });

  test("a scheme with no well-known port needs one; bad ports and odd forms are refused", () => {
    expect(parseEndpoint("grpcs://api.example.com")).toEqual({ kind: "no-port", scheme: "grpcs" });
    expect(parseEndpoint("https://api.example.com:0")).toEqual({ kind: "bad-port", port: "0" });
    expect(parseEndpoint("https://api.example.com:70000")).toEqual({ kind: "bad-port", port: "70000" });
    for (const odd of ["api.example.com", "://x", "https://", "https://exa mple.com", "https://${var.host}", "__proto__:1"])
      expect(parseEndpoint(odd)).toHaveProperty("kind");
  });

  test("credentials are refused and masked", () => {
    expect(parseEndpoint("amqps://bob:hunter2@mq.example.com:5671")).toEqual({
      kind: "credentials",
      masked: "amqps://bob:****@mq.example.com:5671",
    });
    expect(maskCredentials("ldaps://secret@ldap.example.com")).toBe("ldaps://****@ldap.example.com");
  });
});

describe("validate and synth agree on service addresses", () => {
  let dir: string;
  afterEach(() => removeInventory(dir));
  const realm = (url: string) => `realm: r1\n${awsCloud()}services:\n  mail: { url: "${url}" }\n`;

  test("a non-HTTP service validates and opens egress on its well-known port", () => {
    dir = tempInventory({ "_defaults.yaml": MINIMAL_DEFAULTS, "r1.yaml": realm("smtps://smtp.example.com") });
    expect(inspectInventory(dir).errors).toEqual([]);
    expect(loadInventory(dir).realms[0]!.config.services!.mail!.url).toBe("smtps://smtp.example.com");
  });

  test("a URL with a password is an error at its line, with the password masked everywhere", () => {
    dir = tempInventory({ "_defaults.yaml": MINIMAL_DEFAULTS, "r1.yaml": realm("smtps://mailer:s3cretpw@smtp.example.com") });
    const [e, ...rest] = inspectInventory(dir).errors;
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ code: "RK-CONFIG-SERVICE-URL", realm: "r1", location: { line: 7 } });
    expect(JSON.stringify(e!.toJSON()) + e!.format()).not.toContain("s3cretpw");
  });
});
