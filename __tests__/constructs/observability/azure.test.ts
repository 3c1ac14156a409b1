import {
  AzureObservability,
  POSTGRES_METRIC_NAMESPACE,
  workspaceRetentionDays,
  type AzureObservabilityProps,
} from "../../../constructs/observability/azure";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { expectTaggedEverywhere, named, refTo, SCOPE } from "../azure-sample";

const SERVER = "/subscriptions/x/resourceGroups/ibc-eu2-rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/ibc-eu2-pg";
const VAULT = "/subscriptions/x/resourceGroups/ibc-eu2-rg/providers/Microsoft.KeyVault/vaults/ibc-eu2-kv";
const base: AzureObservabilityProps = {
  ...SCOPE,
  realm: "eu2",
  tier: "prod",
  alertEmails: ["ops-eu@ibc.example.com", "dpo@ibc.example.com"],
  logRetentionDays: 365,
  database: { serverId: SERVER },
  diagnostics: [
    { name: "key-vault", resourceId: VAULT, logCategories: ["AuditEvent"] },
    { name: "database", resourceId: SERVER, logCategories: ["PostgreSQLLogs"] },
  ],
};
const synth = (props: Partial<AzureObservabilityProps> = {}): TfJson =>
  synthConstruct((scope) => new AzureObservability(scope, "observability", { ...base, ...props }));
const alerts = (json: TfJson) => Object.values(resourcesOf(json, "azurerm_monitor_metric_alert"));

describe("AzureObservability", () => {
  const json = synth();

  it("keeps logs in a workspace for the realm's retention, readable with Entra ID only", () => {
    expect(onlyResource(json, "azurerm_log_analytics_workspace")).toMatchObject({
      name: "ibc-eu2-logs",
      sku: "PerGB2018",
      retention_in_days: 365,
      local_authentication_enabled: false,
    });
    expect([workspaceRetentionDays(7), workspaceRetentionDays(90), workspaceRetentionDays(3653)]).toEqual([30, 90, 730]);
  });

  it("e-mails every alert address through one action group", () => {
    expect(onlyResource(json, "azurerm_monitor_action_group")).toMatchObject({
      name: "ibc-eu2-alerts",
      short_name: "ibc-eu2",
      location: "global",
      email_receiver: [
        { name: "ops-eu@ibc.example.com", email_address: "ops-eu@ibc.example.com", use_common_alert_schema: true },
        { name: "dpo@ibc.example.com", email_address: "dpo@ibc.example.com", use_common_alert_schema: true },
      ],
    });
    const long = onlyResource(synth({ realm: "abcdefghijkl" }), "azurerm_monitor_action_group");
    expect(long.short_name.length).toBeLessThanOrEqual(12);
  });

  it("alerts on database CPU, storage and connections with the cross-cloud default thresholds", () => {
    const criteria = alerts(json).map((a) => [
      a.criteria[0].metric_name,
      a.criteria[0].aggregation,
      a.criteria[0].operator,
      a.criteria[0].threshold,
    ]);
    expect(criteria.sort()).toEqual([
      ["active_connections", "Maximum", "GreaterThan", 400],
      ["cpu_percent", "Average", "GreaterThan", 80],
      ["storage_percent", "Maximum", "GreaterThan", 90],
    ]);
    for (const a of alerts(json)) {
      expect(a).toMatchObject({
        scopes: [SERVER],
        frequency: "PT1M",
        window_size: "PT5M",
        action: [{ action_group_id: refTo(json, "azurerm_monitor_action_group", "id") }],
      });
      expect(a.criteria[0].metric_namespace).toBe(POSTGRES_METRIC_NAMESPACE);
      // The default severities: CPU and free storage high (1), connections medium (2).
      expect(a.severity).toBe(a.criteria[0].metric_name === "active_connections" ? 2 : 1);
    }
  });

  it("takes thresholds from the props", () => {
    const custom = synth({ thresholds: { cpuPercent: 70, freeStoragePercent: 20, connections: 1000 } });
    const threshold = (metric: string) => named(custom, "azurerm_monitor_metric_alert", `ibc-eu2-database-${metric}`).criteria[0].threshold;
    expect([threshold("cpu-percent"), threshold("storage-percent"), threshold("active-connections")]).toEqual([70, 80, 1000]);
  });

  it("creates no database alerts without a managed database", () => {
    expect(alerts(synth({ database: undefined }))).toEqual([]);
  });

  it("collects the offered logs (Key Vault audit, PostgreSQL) in the workspace", () => {
    const settings = Object.values(resourcesOf(json, "azurerm_monitor_diagnostic_setting")).map((d) => [
      d.target_resource_id,
      d.enabled_log,
      d.log_analytics_workspace_id,
    ]);
    const ws = refTo(json, "azurerm_log_analytics_workspace", "id");
    expect(settings.sort()).toEqual(
      [
        [VAULT, [{ category: "AuditEvent" }], ws],
        [SERVER, [{ category: "PostgreSQLLogs" }], ws],
      ].sort(),
    );
  });

  it("tags every resource that takes tags", () => {
    expectTaggedEverywhere(json);
  });
});
