import { DashboardJson } from "@cdktf/provider-datadog/lib/dashboard-json";
import type { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import type { Construct } from "constructs";
import type { Provider } from "../config/types";
import type { AlertId } from "../model/alerts";
import { DATADOG_METRICS } from "./datadog-queries";
import type { FleetRealm } from "./plan";

/** Template variables: every per-component graph filters by realm, cloud and region. */
export const TEMPLATE_VARIABLES = [
  { name: "realm", prefix: "realm", default: "*" },
  { name: "cloud", prefix: "provider", default: "*" },
  { name: "region", prefix: "region", default: "*" },
];

/** The per-component views: one graph per alert, a line per cloud that realms of the site use. */
const COMPONENT_VIEWS: readonly { readonly title: string; readonly alerts: readonly AlertId[] }[] = [
  { title: "Databases", alerts: ["databaseCpu", "databaseFreeStorage", "databaseConnections", "databaseReplicationLag"] },
  { title: "Clusters", alerts: ["clusterNodeHealth", "nodePoolCapacity"] },
  { title: "Storage", alerts: ["storageErrors"] },
];

const TITLES: Readonly<Record<AlertId, string>> = {
  databaseCpu: "Database CPU",
  databaseFreeStorage: "Database storage",
  databaseConnections: "Database connections",
  databaseReplicationLag: "Replication lag",
  clusterNodeHealth: "Nodes not ready",
  nodePoolCapacity: "Nodes running",
  storageErrors: "Storage server errors",
};

/**
 * The fleet dashboard of one Datadog organisation: first a group per wave with one health
 * tile per realm (the realm's monitors by state, so a red tile names the failing monitor),
 * then per-component groups whose graphs follow the realm, cloud and region variables.
 *
 * Written as Datadog's dashboard API document (`datadog_dashboard_json`): the typed
 * `datadog_dashboard` binding is 61 MB of JavaScript and took 4 s to load on every synth,
 * longer than all realm stacks of the sample inventory together.
 */
export function fleetDashboard(
  scope: Construct,
  id: string,
  props: { site: string; realms: readonly FleetRealm[]; provider: DatadogProvider },
): DashboardJson {
  return new DashboardJson(scope, id, {
    provider: props.provider,
    dashboard: JSON.stringify(fleetDashboardDocument(props.site, props.realms)),
  });
}

/** The dashboard document (Datadog's `POST /api/v1/dashboard` body). */
export function fleetDashboardDocument(site: string, realms: readonly FleetRealm[]): Record<string, unknown> {
  const waves = [...new Set(realms.map((r) => r.wave))].sort((a, b) => a - b);
  const healthGroups = waves.map((wave) => ({
    definition: {
      type: "group",
      title: `Wave ${wave}`,
      layout_type: "ordered",
      widgets: realms
        .filter((r) => r.wave === wave)
        .map((r) => ({
          definition: {
            type: "manage_status",
            title: `${r.realm} (${r.tier}, ${r.accounts.map((a) => `${a.provider} ${a.region}`).join(" + ")})`,
            query: `tag:"realm:${r.realm}"`,
            summary_type: "monitors",
            display_format: "countsAndList",
            color_preference: "background",
            hide_zero_counts: true,
            sort: "status,asc",
          },
        })),
    },
  }));
  const providers = [...new Set(realms.flatMap((r) => r.accounts.map((a) => a.provider)))].sort() as Provider[];
  const scope$ = "$realm,$cloud,$region";
  const componentGroups = COMPONENT_VIEWS.map((view) => ({
    definition: {
      type: "group",
      title: view.title,
      layout_type: "ordered",
      widgets: view.alerts.map((alert) => ({
        definition: {
          type: "timeseries",
          title: TITLES[alert],
          show_legend: true,
          requests: providers.flatMap((p) => {
            const m = DATADOG_METRICS[p][alert];
            if (!m) return [];
            const where = m.where ? `,${m.where}` : "";
            return [
              {
                q: `${m.aggregation}:${m.metric}{${scope$}${where}} by {realm,region}${m.asCount ? ".as_count()" : ""}`,
                display_type: "line",
              },
            ];
          }),
        },
      })),
    },
  }));
  return {
    title: `Realmkit fleet (${site})`,
    description:
      "Managed by Realmkit (fleet-observability stack): health per realm by wave, then each component across realms, clouds and regions.",
    layout_type: "ordered",
    reflow_type: "auto",
    template_variables: TEMPLATE_VARIABLES,
    widgets: [...healthGroups, ...componentGroups],
  };
}
