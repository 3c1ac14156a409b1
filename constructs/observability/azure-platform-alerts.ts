import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { azureTags } from "../azure-scope";
import { azureMetricAlert } from "./azure-alert";
import type { ResolvedAlert } from "./index";

export interface AzurePlatformAlertsProps {
  readonly realm: string;
  readonly resourceGroupName: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly actionGroupId: string;
  readonly alerts: readonly ResolvedAlert[];
  /** The AKS cluster and the node pools' ceiling. @default no cluster alerts */
  readonly cluster?: { readonly clusterId: string; readonly maxNodes: number };
  /** The realm's storage account. @default no storage alerts */
  readonly storageAccountId?: string;
}

const AKS_NAMESPACE = "Microsoft.ContainerService/managedClusters";
const STORAGE_NAMESPACE = "Microsoft.Storage/storageAccounts";
/** Server-side failures of the storage service (client errors are the caller's). */
export const STORAGE_SERVER_ERRORS = ["ServerOtherError", "ServerTimeoutError", "ServerBusyError"] as const;

/**
 * The realm's cluster and storage alerts on Azure: nodes not ready and node count against the
 * pools' ceiling (AKS platform metric `kube_node_status_condition`, one series per node and
 * status), and storage server errors (`Transactions` by `ResponseType`).
 */
export class AzurePlatformAlerts extends Construct {
  constructor(scope: Construct, id: string, props: AzurePlatformAlertsProps) {
    super(scope, id);
    const { realm } = props;
    const tags = azureTags(props.tags);
    const base = { resourceGroupName: props.resourceGroupName, actionGroupId: props.actionGroupId };
    for (const alert of props.alerts) {
      const t = tags;
      if (alert.id === "clusterNodeHealth" && props.cluster) {
        azureMetricAlert(this, "nodes-not-ready", {
          ...base,
          name: resourceName("azure", "default", realm, "aks", "nodes-not-ready"),
          alert,
          description: `Realm ${realm}, AKS: ${alert.condition}`,
          scope: props.cluster.clusterId,
          namespace: AKS_NAMESPACE,
          metric: "kube_node_status_condition",
          aggregation: "Total",
          threshold: alert.threshold,
          dimensions: [
            { name: "condition", values: ["Ready"] },
            { name: "status", values: ["false", "unknown"] },
          ],
          tags: t,
        });
      }
      if (alert.id === "nodePoolCapacity" && props.cluster) {
        const nodes = Math.max(1, Math.floor((props.cluster.maxNodes * alert.threshold) / 100));
        azureMetricAlert(this, "node-capacity", {
          ...base,
          name: resourceName("azure", "default", realm, "aks", "node-capacity"),
          alert,
          description: `Realm ${realm}, AKS: ${alert.condition} (more than ${nodes} of ${props.cluster.maxNodes} nodes)`,
          scope: props.cluster.clusterId,
          namespace: AKS_NAMESPACE,
          metric: "kube_node_status_condition",
          aggregation: "Total",
          threshold: nodes,
          // Every node reports exactly one `Ready` status series with value 1: their total is the node count.
          dimensions: [
            { name: "condition", values: ["Ready"] },
            { name: "status", values: ["true", "false", "unknown"] },
          ],
          tags: t,
        });
      }
      if (alert.id === "storageErrors" && props.storageAccountId) {
        azureMetricAlert(this, "storage-errors", {
          ...base,
          name: resourceName("azure", "default", realm, "storage", "errors"),
          alert,
          description: `Realm ${realm}, storage account: ${alert.condition}`,
          scope: props.storageAccountId,
          namespace: STORAGE_NAMESPACE,
          metric: "Transactions",
          aggregation: "Total",
          threshold: alert.threshold,
          dimensions: [{ name: "ResponseType", values: STORAGE_SERVER_ERRORS }],
          tags: t,
        });
      }
    }
  }
}
