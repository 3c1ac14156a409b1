import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A parameter as the fake SSM service holds it: what "the cloud" has, whatever the state says. */
export interface FakeParameter {
  value: string;
  version: number;
}

/**
 * The four AWS SSM operations the hashicorp/aws provider calls to create and read an
 * `aws_ssm_parameter` (JSON 1.1 protocol, X-Amz-Target), on loopback only. It stands in for
 * the cloud in drift tests: a test edits `parameters` (the cloud changing behind terraform's
 * back) and a refresh-only plan has to notice. Not an AWS emulator: any other operation is
 * refused, so a provider upgrade that reads more shows up as a test failure, not a false pass.
 */
export async function startFakeSsm(): Promise<{
  endpoint: string;
  parameters: Map<string, FakeParameter>;
  calls: string[];
  close: () => Promise<void>;
}> {
  const parameters = new Map<string, FakeParameter>();
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const operation = String(req.headers["x-amz-target"] ?? "").replace(/^AmazonSSM\./, "");
      calls.push(operation);
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify(payload));
      };
      let input: Record<string, any>;
      try {
        input = body ? JSON.parse(body) : {};
      } catch {
        return send(400, { __type: "SerializationException", message: "bad JSON" });
      }
      const name = String(input.Name ?? input.ResourceId ?? input.ParameterFilters?.[0]?.Values?.[0] ?? "");
      const found = parameters.get(name);
      switch (operation) {
        case "PutParameter":
          parameters.set(name, { value: String(input.Value), version: 1 });
          return send(200, { Version: 1, Tier: "Standard" });
        case "GetParameter":
          if (!found) return send(400, { __type: "ParameterNotFound", message: `parameter ${name} not found` });
          return send(200, {
            Parameter: {
              Name: name,
              Type: "String",
              Value: found.value,
              Version: found.version,
              DataType: "text",
              ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name}`,
            },
          });
        case "DescribeParameters":
          return send(200, {
            Parameters: found
              ? [{ Name: name, Type: "String", Version: found.version, Tier: "Standard", DataType: "text", Policies: [] }]
              : [],
          });
        case "ListTagsForResource":
          return send(200, { TagList: [] });
        default:
          return send(400, { __type: "UnsupportedOperation", message: `the fake SSM service does not implement ${operation}` });
      }
    });
  });
  // Node closes a keep-alive connection after 5 s idle; the provider's Go client may send its
  // next call on it at that moment and get a reset it does not retry. On a loaded machine the
  // gaps between a plan's calls reach that long, so idle connections stay open for the test.
  server.keepAliveTimeout = 600_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    parameters,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
