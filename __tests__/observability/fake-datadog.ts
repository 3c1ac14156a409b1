import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake answers for a realm's monitors, in the documented shape of GET /api/v1/monitor. */
export type FakeBehaviour =
  | { kind: "monitors"; states: readonly string[] }
  | { kind: "error"; status: number; errors: readonly string[] }
  | { kind: "hang" }
  | { kind: "raw"; body: string };

export interface FakeDatadog {
  readonly url: string;
  readonly requests: { url: URL; apiKey?: string; appKey?: string }[];
  behave(realm: string, b: FakeBehaviour): void;
  close(): Promise<void>;
}

/**
 * A local fake of Datadog's monitor API on 127.0.0.1 (never a real endpoint): monitors are
 * found by the `realm:<id>` monitor tag and paged with `page` and `page_size` as the API does.
 */
export async function startFakeDatadog(): Promise<FakeDatadog> {
  const behaviours = new Map<string, FakeBehaviour>();
  const requests: FakeDatadog["requests"] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push({
      url,
      apiKey: req.headers["dd-api-key"] as string | undefined,
      appKey: req.headers["dd-application-key"] as string | undefined,
    });
    if (url.pathname !== "/api/v1/monitor") return send(res, 404, { errors: ["Not found"] });
    if (!req.headers["dd-api-key"] || !req.headers["dd-application-key"]) return send(res, 403, { errors: ["Forbidden"] });
    const realm = /(?:^|,)realm:([^,]+)/.exec(url.searchParams.get("monitor_tags") ?? "")?.[1] ?? "";
    const b = behaviours.get(realm) ?? { kind: "monitors", states: [] };
    if (b.kind === "hang") {
      hanging.push(res);
      return;
    }
    if (b.kind === "error") return send(res, b.status, { errors: b.errors });
    if (b.kind === "raw") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(b.body);
      return;
    }
    const all = b.states.map((state, i) => ({
      id: 1000 + i,
      name: `[${realm}] monitor ${i}`,
      type: "query alert",
      query: `avg(last_5m):avg:aws.rds.cpuutilization{realm:${realm}} > 75`,
      overall_state: state,
      tags: [`realm:${realm}`, "managed-by:realmkit"],
      options: { thresholds: { critical: 75 } },
      created: "2026-12-01T00:00:00.000Z",
      modified: "2026-12-01T00:00:00.000Z",
      overall_state_modified: "2026-12-02T00:00:00.000Z",
      priority: 2,
    }));
    const page = Number(url.searchParams.get("page") ?? 0);
    const size = Number(url.searchParams.get("page_size") ?? 100);
    return send(res, 200, all.slice(page * size, (page + 1) * size));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave: (realm, b) => behaviours.set(realm, b),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
