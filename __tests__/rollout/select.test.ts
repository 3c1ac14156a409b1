import { join } from "node:path";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { selectedInventory, selectStacks } from "../../lib/rollout/select";
import { rolloutWaves } from "../../lib/rollout/waves";

const inventory = loadInventory(join(__dirname, "fixtures", "pipeline-realms"));
const ids = (s: ReturnType<typeof selectStacks>) => s.map((x) => x.target.stackId);

describe("selecting stacks and waves", () => {
  test("no criteria: every stack, in inventory order", () => {
    expect(ids(selectStacks(inventory))).toEqual(["realm-az1", "realm-can1", "realm-gcp1", "realm-us1", "realm-us1-gcp"]);
  });

  test("a realm id selects all its stacks, a stack id just that one", () => {
    expect(ids(selectStacks(inventory, { selectors: ["us1"] }))).toEqual(["realm-us1", "realm-us1-gcp"]);
    expect(ids(selectStacks(inventory, { selectors: ["realm-us1-gcp", "can1"] }))).toEqual(["realm-can1", "realm-us1-gcp"]);
  });

  test("wave and changed realms narrow the selection together", () => {
    expect(ids(selectStacks(inventory, { wave: 1 }))).toEqual(["realm-az1", "realm-gcp1"]);
    expect(ids(selectStacks(inventory, { wave: 1, realms: new Set(["gcp1", "us1"]) }))).toEqual(["realm-gcp1"]);
    expect(ids(selectStacks(inventory, { wave: 7 }))).toEqual([]);
  });

  test("an unknown selector is an error with a did-you-mean, never an empty plan", () => {
    expect(() => selectStacks(inventory, { selectors: ["us2"] })).toThrow(RealmkitError);
    expect(() => selectStacks(inventory, { selectors: ["us2"] })).toThrow(
      expect.objectContaining({ code: "RK-ROLLOUT-UNKNOWN-REALM", fix: expect.stringContaining("did you mean `us1`?") }),
    );
  });

  test("the selected inventory keeps only the chosen stacks of each realm", () => {
    const reduced = selectedInventory(inventory, selectStacks(inventory, { selectors: ["realm-us1-gcp"] }));
    expect(reduced.realms.map((r) => [r.id, r.targets.map((t) => t.stackId)])).toEqual([["us1", ["realm-us1-gcp"]]]);
  });

  test("waves run in order, wave 0 (the canary) first, each with its realms and stacks", () => {
    expect(rolloutWaves(inventory).map((w) => [w.wave, w.realms, w.stacks.map((s) => `${s.stackId}@${s.provider}`)])).toEqual([
      [0, ["can1"], ["realm-can1@aws"]],
      [1, ["az1", "gcp1"], ["realm-az1@azure", "realm-gcp1@gcp"]],
      [2, ["us1"], ["realm-us1@aws", "realm-us1-gcp@gcp"]],
    ]);
  });
});
