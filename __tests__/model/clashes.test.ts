import { spawnSync } from "node:child_process";
import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatLocation } from "../../lib/config/errors";
import { inspectInventory } from "../../lib/model/inventory";
import { fileRecency } from "../../lib/model/recency";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

/**
 * A clash between two realms is reported at the newer realm (where the user acts), naming the
 * other realm and where it set the clashing value.
 */
let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeInventory);
  dirs = [];
});
const realm = (id: string, cidr: string, zone: string) => `realm: ${id}\n${awsCloud()}network: { cidr: ${cidr} }\ndns: { zone: ${zone} }\n`;
function inventory(): string {
  const dir = tempInventory({
    "_defaults.yaml": MINIMAL_DEFAULTS,
    "sg1.yaml": realm("sg1", "10.30.0.0/16", "sg1.example.com"),
    "jp1.yaml": realm("jp1", "10.30.0.0/17", "sg1.example.com"),
  });
  dirs.push(dir);
  return dir;
}
const git = (dir: string, ...args: string[]) => gitAt(dir, undefined, ...args);
const gitAt = (dir: string, date: string | undefined, ...args: string[]) => {
  const env = date ? { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } : process.env;
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
    env,
  });
  if (r.status !== 0) throw new Error(r.stderr);
};
const at = (dir: string, file: string, line: number, col: number) => formatLocation({ file: join(dir, file), line, col });

describe("cross-realm clashes name both places, the newer realm first", () => {
  it("without git: at the file modified later, naming the other's file:line:col", () => {
    const dir = inventory();
    // sg1 is the one just edited here, although it sorts first.
    utimesSync(join(dir, "jp1.yaml"), new Date("2026-01-01"), new Date("2026-01-01"));
    utimesSync(join(dir, "sg1.yaml"), new Date("2026-02-01"), new Date("2026-02-01"));
    const { errors } = inspectInventory(dir);
    const overlap = errors.find((e) => e.code === "RK-CONFIG-CIDR-OVERLAP")!;
    expect(overlap.realm).toBe("sg1");
    expect(formatLocation(overlap.location!)).toBe(at(dir, "sg1.yaml", 6, 12));
    expect(overlap.message).toBe(
      `network 10.30.0.0/16 overlaps realm \`jp1\` (10.30.0.0/17 at ${at(dir, "jp1.yaml", 6, 12)}) in the same aws account 111122223333`,
    );
    const zone = errors.find((e) => e.code === "RK-CONFIG-DUPLICATE-ZONE")!;
    expect(zone.realm).toBe("sg1");
    expect(zone.message).toBe(`DNS zone \`sg1.example.com\` is also used by realm \`jp1\` (${at(dir, "jp1.yaml", 7, 8)})`);
    expect(zone.format()).toContain(`${at(dir, "sg1.yaml", 7, 8)}  error  RK-CONFIG-DUPLICATE-ZONE  realm sg1: `);
  });

  it("with git: an uncommitted realm is newer than a committed one, whatever the modification times say", () => {
    const dir = inventory();
    git(dir, "init", "-q");
    git(dir, "add", "_defaults.yaml", "sg1.yaml");
    git(dir, "commit", "-qm", "sg1");
    // jp1 is new (untracked) but carries the older modification time.
    utimesSync(join(dir, "jp1.yaml"), new Date("2020-01-01"), new Date("2020-01-01"));
    const { errors } = inspectInventory(dir);
    expect(errors.filter((e) => e.code.startsWith("RK-CONFIG-")).map((e) => e.realm)).toEqual(["jp1", "jp1"]);
  });

  it("with git: of two committed realms, the one committed later", () => {
    const dir = inventory();
    git(dir, "init", "-q");
    git(dir, "add", "_defaults.yaml", "jp1.yaml");
    gitAt(dir, "2026-01-01T00:00:00Z", "commit", "-qm", "jp1");
    git(dir, "add", "sg1.yaml");
    gitAt(dir, "2026-03-01T00:00:00Z", "commit", "-qm", "sg1");
    // Modification times say the opposite: the commit decides.
    utimesSync(join(dir, "sg1.yaml"), new Date("2020-01-01"), new Date("2020-01-01"));
    const recency = fileRecency();
    expect(recency(join(dir, "sg1.yaml"), join(dir, "jp1.yaml"))).toBeGreaterThan(0);
    writeFileSync(join(dir, "other.txt"), "x");
    expect(inspectInventory(dir).errors.find((e) => e.code === "RK-CONFIG-CIDR-OVERLAP")!.realm).toBe("sg1");
  });
});

describe("duplicate ids inside a realm", () => {
  it("a data flow name used twice is reported at the second", () => {
    const dir = tempInventory({
      "_defaults.yaml": MINIMAL_DEFAULTS,
      "r1.yaml": `realm: r1\n${awsCloud()}dataFlows:\n  - { name: bi, to: us-east-1, personalData: false }\n  - { name: bi, to: us-west-2, personalData: false }\n`,
    });
    dirs.push(dir);
    const e = inspectInventory(dir).errors.find((x) => x.message.includes("used twice"))!;
    expect(e).toMatchObject({ code: "RK-CONFIG-INVALID-VALUE", realm: "r1", message: "data flow name `bi` is used twice" });
    expect(formatLocation(e.location!)).toBe(at(dir, "r1.yaml", 8, 7));
  });
});
