import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { azureTags, type AzureDiagnosticsTarget, type AzureScopeProps } from "../azure-scope";
import { constructIdPart } from "../construct-id";
import { DEFAULT_THRESHOLDS, type ObservabilityProps } from "./index";

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

/** Log Analytics retention for a requested retention: clamped to what the workspace accepts. */
export function workspaceRetentionDays(days: number): number {
  return Math.min(RETENTION_RANGE[1], Math.max(RETENTION_RANGE[0], days));
}

/**
 * Alert routing and logs for a realm on Azure: a Log Analytics workspace (Entra ID access only)
 * that receives Key Vault audit events, PostgreSQL logs and the cluster's logs, an action group
 * e-mailing the alert addresses, and metric alerts on the database's CPU, storage and
 * connections with the same thresholds as on the other clouds.
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
      const t = { ...DEFAULT_THRESHOLDS, ...props.thresholds };
      const alert = (metric: string, aggregation: string, threshold: number, what: string): void => {
        new MonitorMetricAlert(this, `database-${metric}`, {
          name: resourceName("azure", "default", realm, "database", metric),
          description: `${what} on the PostgreSQL server of realm ${realm}`,
          resourceGroupName: props.resourceGroupName,
          scopes: [props.database!.serverId],
          severity: 2,
          frequency: "PT1M",
          windowSize: "PT5M",
          autoMitigate: true,
          criteria: [{ metricNamespace: POSTGRES_METRIC_NAMESPACE, metricName: metric, aggregation, operator: "GreaterThan", threshold }],
          action: [{ actionGroupId: group.id }],
          tags,
        });
      };
      alert("cpu_percent", "Average", t.cpuPercent, `CPU above ${t.cpuPercent}% for 5 minutes`);
      alert("storage_percent", "Maximum", 100 - t.freeStoragePercent, `Less than ${t.freeStoragePercent}% storage free`);
      alert("active_connections", "Maximum", t.connections, `More than ${t.connections} active connections`);
    }

    this.workspaceId = workspace.id;
    this.actionGroupId = group.id;
  }
}
