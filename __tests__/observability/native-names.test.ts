import { loadInventory } from "../../lib/model/inventory";
import { ALERT_SIGNALS, realmAlerts } from "../../lib/model/alerts";
import { nativeRealmHealth, requireNativeCredentials } from "../../lib/observability/native-health";
import { resourceName } from "../../lib/model/naming";
import { realmAlarmPrefix } from "../../lib/observability/native/cloudwatch";
import { selectRealms } from "../../lib/rollout/realm-selection";
import { FIXTURE_REALMS, resourcesOf, synthStack } from "../helpers/synth";

/**
 * `health --native` finds a realm's alarms by name, without reading the stacks: these tests
 * hold those names to what the realm stacks actually create, so a renamed alarm cannot make
 * the native check look at nothing (and pass on CloudWatch's silence elsewhere).
 */
describe("the names health --native looks for are the names the realm stacks create", () => {
  test("AWS: every CloudWatch alarm of the stack starts with ibc-<realm>-", () => {
    const alarms = Object.values(resourcesOf(synthStack("realm-us2"), "aws_cloudwatch_metric_alarm"));
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms) expect(a.alarm_name).toMatch(new RegExp(`^${realmAlarmPrefix("us2")}`));
  });

  test("Azure: metric alerts start with ibc-<realm>- and live in the resource group the check scopes to", () => {
    const json = synthStack("realm-eu2");
    const groups = Object.values(resourcesOf(json, "azurerm_resource_group"));
    expect(groups.map((g) => g.name)).toEqual([resourceName("azure", "resourceGroup", "eu2", "rg")]);
    const alerts = Object.values(resourcesOf(json, "azurerm_monitor_metric_alert"));
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(a.name).toMatch(/^ibc-eu2-/);
  });

  test("GCP: alert policies are displayed as 'Realm <id> ...'", () => {
    const policies = Object.values(resourcesOf(synthStack("realm-eu1"), "google_monitoring_alert_policy"));
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) expect(p.display_name).toMatch(/^Realm eu1 /);
  });

  test("a realm whose alerts are all disabled has no alarm to read: no request, no credentials needed", async () => {
    const inventory = loadInventory(FIXTURE_REALMS);
    const us3 = inventory.realms.find((r) => r.id === "us3")!;
    const off = Object.fromEntries(ALERT_SIGNALS.map((s) => [s.id, { enabled: false }]));
    const quiet = { ...us3, config: { ...us3.config, observability: { ...us3.config.observability!, alerts: off } } } as typeof us3;
    expect(quiet.targets.map((t) => realmAlerts(quiet.config, t).length)).toEqual([0, 0]);
    const only = { ...inventory, realms: [quiet] };
    expect(() => requireNativeCredentials(only, ["us3"], {})).not.toThrow();
    // No credentials and no endpoint: a request would fail, so healthy proves none was made.
    expect(await nativeRealmHealth(quiet, { env: {} })).toEqual({ realm: "us3", healthy: true, reasons: [] });
  });
});

describe("selectRealms: the realm and wave choice of health and gate", () => {
  const inventory = loadInventory(FIXTURE_REALMS);
  const ids = (sel: Parameters<typeof selectRealms>[1]) => selectRealms(inventory, sel).map((r) => r.id);

  test("every realm, a wave, named realms within a wave, in inventory order", () => {
    expect(ids({})).toEqual(inventory.realms.map((r) => r.id));
    expect(ids({ wave: 0 })).toEqual(["stg1"]);
    expect(ids({ ids: ["us2", "au1"], wave: 2 })).toEqual(["au1", "us2"]);
  });

  test("an unknown realm and an empty selection are errors, never an empty verdict", () => {
    expect(() => ids({ ids: ["us22"] })).toThrow(/no realm `us22`.*did you mean `us2`\?/);
    expect(() => ids({ wave: 7 })).toThrow(/no realm is in wave 7\. did you mean wave 2\?/);
    expect(() => ids({ ids: ["stg1"], wave: 2 })).toThrow(/no realm is in wave 2 among stg1/);
  });
});
