import { Eventhub } from "@cdktf/provider-azurerm/lib/eventhub";
import { EventhubConsumerGroup } from "@cdktf/provider-azurerm/lib/eventhub-consumer-group";
import { EventhubNamespace } from "@cdktf/provider-azurerm/lib/eventhub-namespace";
import { EventhubNamespaceAuthorizationRule } from "@cdktf/provider-azurerm/lib/eventhub-namespace-authorization-rule";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { TerraformOutput } from "../../lib/cdktf";
import { resourceName } from "../../lib/model/naming";
import type { RealmLogForwarder } from "../../lib/observability/log-forwarding";
import { azureTags, type AzureDiagnosticsTarget, type AzureScopeProps } from "../azure-scope";
import { constructIdPart } from "../construct-id";

/** Subscription activity log categories forwarded (who changed what, and Azure's own security findings). */
export const ACTIVITY_LOG_CATEGORIES = ["Administrative", "Security", "Policy", "ServiceHealth", "Alert"] as const;

export interface AzureLogForwarderProps extends AzureScopeProps {
  readonly forwarder: RealmLogForwarder;
  /** The realm subscription: its activity log is forwarded too. */
  readonly subscriptionId: string;
  /** Realm resources whose logs are forwarded (Key Vault audit, PostgreSQL, AKS control plane, blob access). */
  readonly targets: readonly AzureDiagnosticsTarget[];
  /** The realm Key Vault holding the API key secret (`forwarder.apiKeySecret`), created by the operator. */
  readonly keyVault: { readonly id: string; readonly uri: string };
}

/** The Event Hub Datadog's forwarder function reads (the name Datadog's ARM template defaults to). */
export const DATADOG_EVENT_HUB = "datadog-eventhub";

/**
 * The Azure leg of Datadog log collection, in the realm's region: an Event Hub namespace and hub
 * that every realm resource and the subscription's activity log stream their logs to, and a
 * consumer group for Datadog's forwarder function. The function itself is Datadog's Event Hub
 * forwarder (its ARM template); the stack outputs the template's parameters with the API key as
 * a Key Vault reference to the realm vault, so the key is never typed or stored in a file.
 */
export class AzureLogForwarder extends Construct {
  readonly namespaceName: string;
  readonly eventHubName: string;

  constructor(scope: Construct, id: string, props: AzureLogForwarderProps) {
    super(scope, id);
    const f = props.forwarder;
    const tags = azureTags(props.tags);

    const namespace = new EventhubNamespace(this, "namespace", {
      name: resourceName("azure", "default", f.realm, "datadog", "logs"),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: "Standard",
      capacity: 1,
      minimumTlsVersion: "1.2",
      tags,
    });
    const hub = new Eventhub(this, "hub", {
      name: DATADOG_EVENT_HUB,
      namespaceId: namespace.id,
      partitionCount: 4,
      // A day of buffer while the forwarder is down; logs stay in the region meanwhile.
      messageRetention: 1,
    });
    new EventhubConsumerGroup(this, "consumer", {
      name: "datadog-forwarder",
      namespaceName: namespace.name,
      eventhubName: hub.name,
      resourceGroupName: props.resourceGroupName,
      userMetadata: `Datadog forwarder of realm ${f.realm} (${f.site})`,
    });
    // Azure Monitor streams to Event Hubs with a namespace rule (send, listen and manage are required).
    const rule = new EventhubNamespaceAuthorizationRule(this, "diagnostics", {
      name: "realmkit-diagnostics",
      namespaceName: namespace.name,
      resourceGroupName: props.resourceGroupName,
      listen: true,
      send: true,
      manage: true,
    });
    const to = { eventhubAuthorizationRuleId: rule.id, eventhubName: hub.name };

    for (const target of props.targets) {
      new MonitorDiagnosticSetting(this, `diagnostics-${constructIdPart(target.name)}`, {
        name: "realmkit-to-datadog",
        targetResourceId: target.resourceId,
        ...to,
        enabledLog: target.logCategories.map((category) => ({ category })),
      });
    }
    new MonitorDiagnosticSetting(this, "diagnostics-activity-log", {
      name: "realmkit-to-datadog",
      targetResourceId: `/subscriptions/${props.subscriptionId}`,
      ...to,
      enabledLog: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })),
    });

    // Parameters of Datadog's forwarder ARM template (azure/eventhub_log_forwarder): the key is a Key Vault reference.
    new TerraformOutput(this, "parameters", {
      description: "Parameters for Datadog's Event Hub forwarder ARM template, deployed in the realm's resource group and region",
      value: {
        location: { value: props.location },
        eventhubNamespace: { value: namespace.name },
        eventhubName: { value: hub.name },
        datadogSite: { value: f.site },
        datadogTags: { value: f.tags.join(",") },
        apiKey: { reference: { keyVault: { id: props.keyVault.id }, secretName: f.apiKeySecret } },
      },
    }).overrideLogicalId("datadog_forwarder_parameters");

    this.namespaceName = namespace.name;
    this.eventHubName = hub.name;
  }
}
