import { createLimiter, runPool } from "../../lib/terraform/pool";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("bounded concurrency", () => {
  test("runPool never runs more than `concurrency` tasks and keeps item order in the outcomes", async () => {
    let running = 0;
    let peak = 0;
    const outcomes = await runPool(
      [30, 10, 20, 5, 15, 25],
      async (ms) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(ms);
        running--;
        return ms * 2;
      },
      { concurrency: 2, onError: () => -1 },
    );
    expect(peak).toBe(2);
    expect(outcomes.map((o) => (o.started ? o.result : "not started"))).toEqual([60, 20, 40, 10, 30, 50]);
  });

  test("halting: after the first failure nothing new starts, running tasks finish", async () => {
    const events: string[] = [];
    const outcomes = await runPool(
      ["slow", "fails", "c", "d"],
      async (name) => {
        events.push(`start ${name}`);
        if (name === "fails") return "failed";
        await sleep(100);
        events.push(`end ${name}`);
        return "ok";
      },
      { concurrency: 2, haltWhen: (r) => r === "failed", onError: () => "failed" },
    );
    expect(events).toEqual(["start slow", "start fails", "end slow"]);
    expect(outcomes.map((o) => (o.started ? o.result : "not started"))).toEqual(["ok", "failed", "not started", "not started"]);
  });

  test("a task that throws counts as a failure through onError and halts too", async () => {
    const outcomes = await runPool(
      [1, 2, 3],
      async (n) => {
        if (n === 1) throw new Error("boom");
        return "ok";
      },
      { concurrency: 1, haltWhen: (r) => r !== "ok", onError: (_n, err) => `error: ${(err as Error).message}` },
    );
    expect(outcomes).toEqual([
      { item: 1, started: true, result: "error: boom" },
      { item: 2, started: false },
      { item: 3, started: false },
    ]);
  });

  test("createLimiter queues calls beyond the limit", async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        limit(async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(10);
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});
