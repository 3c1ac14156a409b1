import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { azureTags, type AzureDiagnosticsTarget, type AzureScopeProps } from "../azure-scope";
import { constructIdPart } from "../construct-id";
import type { AlertId } from "../../lib/model/alerts";
import { azureMetricAlert } from "./azure-alert";
import { alertsOf, type ObservabilityProps, type ResolvedAlert } from "./index";

/** The PostgreSQL flexible server to watch. */
export interface AzureDatabaseTarget {
  /** ARM id of the server. */
  readonly serverId: string;
}

export interface AzureObservabilityProps extends ObservabilityProps, AzureScopeProps {
  /** @default undefined (no database alerts, e.g. for an external database) */
  readonly database?: AzureDatabaseTarget;
  /** Resources whose logs go to the workspace (Key Vault audit, PostgreSQL logs). @default [] */
  readonly diagnostics?: readonly AzureDiagnosticsTarget[];
}

// Log Analytics interactive retention: 30 to 730 days.
const RETENTION_RANGE = [30, 730] as const;

export const POSTGRES_METRIC_NAMESPACE = "Microsoft.DBforPostgreSQL/flexibleServers";

/** The database alerts on a PostgreSQL flexible server. */
const POSTGRES_METRICS: Partial<
  Record<AlertId, { metric: string; aggregation: string; threshold: (a: ResolvedAlert) => number; operator?: "GreaterThan" }>
> = {
  databaseCpu: { metric: "cpu_percent", aggregation: "Average", threshold: (a) => a.threshold },
  // Azure reports storage used: "free below x%" is "used above 100-x%".
  databaseFreeStorage: { metric: "storage_percent", aggregation: "Maximum", threshold: (a) => 100 - a.threshold, operator: "GreaterThan" },
  databaseConnections: { metric: "active_connections", aggregation: "Maximum", threshold: (a) => a.threshold },
  // Seconds a replica trails the primary; sent while the server has replicas.
  databaseReplicationLag: { metric: "physical_replication_delay_in_seconds", aggregation: "Maximum", threshold: (a) => a.threshold },
};

/** Log Analytics retention for a requested retention: clamped to what the workspace accepts. */
export function workspaceRetentionDays(days: number): number {
  return Math.min(RETENTION_RANGE[1], Math.max(RETENTION_RANGE[0], days));
}

/**
 * Alert routing and logs for a realm on Azure: a Log Analytics workspace (Entra ID access only)
 * that receives Key Vault audit events, PostgreSQL logs and the cluster's logs, an action group
 * e-mailing the alert addresses, and the realm's database alerts as metric alerts with the
 * same thresholds as on the other clouds (cluster and storage alerts: AzurePlatformAlerts,
 * built once those exist, as the cluster itself needs this workspace).
 */
export class AzureObservability extends Construct {
  readonly workspaceId: string;
  readonly actionGroupId: string;

  constructor(scope: Construct, id: string, props: AzureObservabilityProps) {
    super(scope, id);
    const { realm } = props;
    const tags = azureTags(props.tags);

    const workspace = new LogAnalyticsWorkspace(this, "workspace", {
      name: resourceName("azure", "default", realm, "logs"),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: "PerGB2018",
      retentionInDays: workspaceRetentionDays(props.logRetentionDays),
      // Agents and readers authenticate with Entra ID; no shared workspace keys.
      localAuthenticationEnabled: false,
      tags,
    });

    const group = new MonitorActionGroup(this, "alerts", {
      name: resourceName("azure", "default", realm, "alerts"),
      shortName: resourceName("azure", "actionGroupShort", realm),
      resourceGroupName: props.resourceGroupName,
      location: "global",
      emailReceiver: props.alertEmails.map((address) => ({ name: address, emailAddress: address, useCommonAlertSchema: true })),
      tags,
    });

    for (const target of props.diagnostics ?? []) {
      new MonitorDiagnosticSetting(this, `diagnostics-${constructIdPart(target.name)}`, {
        name: "realmkit-to-workspace",
        targetResourceId: target.resourceId,
        logAnalyticsWorkspaceId: workspace.id,
        enabledLog: target.logCategories.map((category) => ({ category })),
      });
    }

    if (props.database) {
      const serverId = props.database.serverId;
      for (const alert of alertsOf(props)) {
        const m = POSTGRES_METRICS[alert.id];
        if (!m) continue;
        azureMetricAlert(this, `database-${m.metric}`, {
          name: resourceName("azure", "default", realm, "database", m.metric),
          alert,
          description: `Realm ${realm}, PostgreSQL server: ${alert.condition}`,
          resourceGroupName: props.resourceGroupName,
          scope: serverId,
          namespace: POSTGRES_METRIC_NAMESPACE,
          metric: m.metric,
          aggregation: m.aggregation,
          threshold: m.threshold(alert),
          operator: m.operator,
          actionGroupId: group.id,
          tags,
        });
      }
    }

    this.workspaceId = workspace.id;
    this.actionGroupId = group.id;
  }
}
