import { Dashboard } from "@cdktf/provider-datadog/lib/dashboard";
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
 */
export function fleetDashboard(scope: Construct, id: string, props: { site: string; realms: readonly FleetRealm[]; provider: DatadogProvider }): Dashboard {
  const waves = [...new Set(props.realms.map((r) => r.wave))].sort((a, b) => a - b);
  const healthGroups = waves.map((wave) => ({
    groupDefinition: {
      title: `Wave ${wave}`,
      layoutType: "ordered",
      widget: props.realms
        .filter((r) => r.wave === wave)
        .map((r) => ({
          manageStatusDefinition: {
            title: `${r.realm} (${r.tier}, ${r.accounts.map((a) => `${a.provider} ${a.region}`).join(" + ")})`,
            query: `tag:"realm:${r.realm}"`,
            summaryType: "monitors",
            displayFormat: "countsAndList",
            colorPreference: "background",
            hideZeroCounts: true,
            sort: "status,asc",
          },
        })),
    },
  }));
  const providers = [...new Set(props.realms.flatMap((r) => r.accounts.map((a) => a.provider)))].sort() as Provider[];
  const scope$ = "$realm,$cloud,$region";
  const componentGroups = COMPONENT_VIEWS.map((view) => ({
    groupDefinition: {
      title: view.title,
      layoutType: "ordered",
      widget: view.alerts.map((alert) => ({
        timeseriesDefinition: {
          title: TITLES[alert],
          showLegend: true,
          request: providers.flatMap((p) => {
            const m = DATADOG_METRICS[p][alert];
            if (!m) return [];
            const where = m.where ? `,${m.where}` : "";
            return [{ q: `${m.aggregation}:${m.metric}{${scope$}${where}} by {realm,region}${m.asCount ? ".as_count()" : ""}`, displayType: "line" }];
          }),
        },
      })),
    },
  }));
  return new Dashboard(scope, id, {
    provider: props.provider,
    title: `Realmkit fleet (${props.site})`,
    description: "Managed by Realmkit (fleet-observability stack): health per realm by wave, then each component across realms, clouds and regions.",
    layoutType: "ordered",
    reflowType: "auto",
    templateVariable: TEMPLATE_VARIABLES,
    widget: [...healthGroups, ...componentGroups],
  });
}
