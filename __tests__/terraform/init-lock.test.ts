import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withInitLock } from "../../lib/terraform/init-lock";

const REPO = join(__dirname, "..", "..");

function intervals(file: string): [number, number, string][] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(" "))
    .map(([pid, s, e]) => [Number(s), Number(e), pid!] as [number, number, string])
    .sort((a, b) => a[0] - b[0]);
}

function expectNoOverlap(list: [number, number, string][]): void {
  for (let i = 1; i < list.length; i++) expect(list[i]![0]).toBeGreaterThanOrEqual(list[i - 1]![1]);
}

describe("terraform init lock on the shared plugin cache", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "realmkit-lock-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("inits of one process run one at a time, in call order", async () => {
    const order: number[] = [];
    let inside = 0;
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        withInitLock(dir, async () => {
          inside++;
          expect(inside).toBe(1);
          await new Promise((r) => setTimeout(r, 20));
          order.push(i);
          inside--;
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  test("a failing init releases the lock for the next one", async () => {
    await expect(withInitLock(dir, async () => Promise.reject(new Error("init failed")))).rejects.toThrow("init failed");
    await expect(withInitLock(dir, async () => "next")).resolves.toBe("next");
    expect(existsSync(join(dir, ".realmkit-init.lock"))).toBe(false);
  });

  test("two processes sharing one cache never hold it at the same time", async () => {
    const record = join(dir, "record.txt");
    const worker = join(__dirname, "fixtures", "lock-worker.ts");
    const run = () =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ["-r", "@swc-node/register", worker, join(dir, "cache"), record, "4", "150"], {
          cwd: REPO,
          stdio: "inherit",
        });
        child.on("close", (code) => resolve(code ?? 1));
      });
    const codes = await Promise.all([run(), run(), run()]);
    expect(codes).toEqual([0, 0, 0]);
    const list = intervals(record);
    expect(list).toHaveLength(12);
    expect(new Set(list.map((l) => l[2])).size).toBe(3);
    expectNoOverlap(list);
  }, 60_000);
});
