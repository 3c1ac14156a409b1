import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { maintenanceWindow } from "../../lib/model/maintenance";
import { holdRestartsToWindow, restartsOutsideWindow } from "../../lib/rollout/window-hold";
import { planFiles } from "../../lib/terraform/runner";

const change = (address: string, actions: string[], before: unknown = {}, after: unknown = {}) => ({
  address,
  mode: "managed",
  type: address.split(".")[0],
  name: address.split(".")[1],
  provider_name: "registry.terraform.io/hashicorp/aws",
  change: { actions, before, after, after_unknown: {} },
});

describe("rollout --hold-restarts: restarts wait for the realm's maintenance window", () => {
  const dir = mkdtempSync(join(tmpdir(), "realmkit-hold-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const plan = (realm: string, stackId: string, changes: unknown[]) => {
    const file = planFiles(dir, realm, stackId).planJsonFile;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ resource_changes: changes }));
  };
  // Sydney's Sunday 03:00-07:00 local is Saturday 17:00-21:00 UTC.
  const sydney = maintenanceWindow({ day: "sun", start: "03:00", hours: 4 }, "Australia/Sydney");
  plan("au1", "realm-au1", [
    change("aws_db_instance.db", ["update"], { instance_class: "db.r6g.large" }, { instance_class: "db.r6g.xlarge" }),
  ]);
  plan("au2", "realm-au2", [change("aws_db_instance.db", ["update"], { backup_retention_period: 7 }, { backup_retention_period: 30 })]);
  plan("au3", "realm-au3", [change("aws_eks_node_group.general", ["delete", "create"])]);
  const stacks = [
    { stackId: "realm-au1", realm: "au1", window: sydney },
    { stackId: "realm-au2", realm: "au2", window: sydney },
    { stackId: "realm-au3", realm: "au3" },
  ];

  test("outside the window, only the stack whose plan restarts something is held; a realm without a window never is", () => {
    const wednesday = new Date("2026-12-02T10:00:00Z");
    expect(restartsOutsideWindow(dir, stacks, wednesday).map((h) => [h.stackId, h.changes.map((c) => `${c.effect} ${c.address}`)])).toEqual(
      [["realm-au1", ["restart aws_db_instance.db"]]],
    );
    expect(() => holdRestartsToWindow(dir, stacks, wednesday)).toThrow(
      /realm-au1: window sun 03:00 local \(\+10:00, Australia\/Sydney\) = sat 17:00 UTC, 4 h/,
    );
    expect(() => holdRestartsToWindow(dir, stacks, wednesday)).toThrow(expect.objectContaining({ code: "RK-ROLLOUT-OUTSIDE-WINDOW" }));
  });

  test("inside the window nothing is held", () => {
    const saturdayEvening = new Date("2026-12-05T18:30:00Z");
    expect(restartsOutsideWindow(dir, stacks, saturdayEvening)).toEqual([]);
    expect(() => holdRestartsToWindow(dir, stacks, saturdayEvening)).not.toThrow();
  });
});
