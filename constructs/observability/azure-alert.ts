import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import type { Construct } from "constructs";
import { severityScales } from "../../lib/model/alerts";
import type { ResolvedAlert } from "./index";

/** Evaluation windows Azure metric alerts accept, in minutes. */
export const AZURE_WINDOWS_MINUTES = [1, 5, 15, 30, 60, 360, 720, 1440] as const;

/**
 * The Azure window for an alert's window: the shortest accepted one that is at least as long
 * (Azure has no 10-minute window; 15 keeps the alert from firing on shorter spikes than asked).
 */
export function azureWindow(minutes: number): string {
  const m = AZURE_WINDOWS_MINUTES.find((w) => w >= minutes) ?? 1440;
  return m >= 1440 ? "P1D" : m >= 60 ? `PT${m / 60}H` : `PT${m}M`;
}

/** Evaluation frequency: every minute for short windows, at most the window (Azure rejects a longer one). */
function frequency(window: string): string {
  return window === "PT1M" || window === "PT5M" ? "PT1M" : "PT5M";
}

export interface AzureAlertSpec {
  readonly name: string;
  readonly alert: ResolvedAlert;
  readonly description: string;
  readonly resourceGroupName: string;
  readonly scope: string;
  readonly namespace: string;
  readonly metric: string;
  readonly aggregation: string;
  readonly threshold: number;
  /** Dimension filters (`ResponseType` in ..., node `condition`). */
  readonly dimensions?: readonly { readonly name: string; readonly values: readonly string[] }[];
  /** Overrides the direction (free storage is alerted as storage used above 100-x%). */
  readonly operator?: "GreaterThan" | "LessThan";
  readonly actionGroupId: string;
  readonly tags: Record<string, string>;
}

/** One Azure Monitor metric alert for one realm alert, notifying the realm's action group. */
export function azureMetricAlert(scope: Construct, id: string, spec: AzureAlertSpec): MonitorMetricAlert {
  const window = azureWindow(spec.alert.windowMinutes);
  return new MonitorMetricAlert(scope, id, {
    name: spec.name,
    description: spec.description,
    resourceGroupName: spec.resourceGroupName,
    scopes: [spec.scope],
    severity: severityScales.azure[spec.alert.severity],
    frequency: frequency(window),
    windowSize: window,
    autoMitigate: true,
    criteria: [
      {
        metricNamespace: spec.namespace,
        metricName: spec.metric,
        aggregation: spec.aggregation,
        operator: spec.operator ?? (spec.alert.direction === "above" ? "GreaterThan" : "LessThan"),
        threshold: spec.threshold,
        ...(spec.dimensions?.length
          ? { dimension: spec.dimensions.map((d) => ({ name: d.name, operator: "Include", values: [...d.values] })) }
          : {}),
      },
    ],
    action: [{ actionGroupId: spec.actionGroupId }],
    tags: spec.tags,
  });
}
