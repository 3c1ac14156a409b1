import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";

/**
 * Lets the aggregator's Entra ID app read the realm subscription's metrics (Monitoring
 * Reader). The app registration itself is made once per tenant outside the realm stacks
 * (Realmkit has no azuread provider): its client id and principal id come from the config,
 * its secret from the fleet stack's environment.
 */
export class AzureAggregatorAccess extends Construct {
  constructor(scope: Construct, id: string, props: { subscriptionId: string; principalId: string }) {
    super(scope, id);
    new RoleAssignment(this, "monitoring-reader", {
      scope: `/subscriptions/${props.subscriptionId}`,
      roleDefinitionName: "Monitoring Reader",
      principalId: props.principalId,
      principalType: "ServicePrincipal",
      description: "Realmkit fleet-observability: the aggregator reads this subscription's metrics",
    });
  }
}
