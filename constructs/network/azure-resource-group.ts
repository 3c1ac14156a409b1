import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { protectsData, type RealmScopeProps } from "../common";
import { azureTags } from "../azure-scope";

export interface AzureResourceGroupProps extends RealmScopeProps {
  /** Azure region of the stack; the group's metadata lives there. */
  readonly location: string;
  /** Realm tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The one resource group of a realm stack: every Azure resource of the realm lives in it, so
 * access, cost and locks follow the realm. Deleting it deletes everything inside, so tiers
 * that keep data refuse it with `prevent_destroy` (the provider additionally refuses to
 * delete a group that still holds resources it does not manage).
 */
export class AzureResourceGroup extends Construct {
  readonly name: string;
  readonly id: string;
  readonly location: string;

  constructor(scope: Construct, id: string, props: AzureResourceGroupProps) {
    super(scope, id);
    const group = new ResourceGroup(this, "group", {
      name: resourceName("azure", "resourceGroup", props.realm, "rg"),
      location: props.location,
      tags: azureTags(props.tags),
      lifecycle: { preventDestroy: protectsData(props.tier) },
    });
    this.name = group.name;
    this.id = group.id;
    this.location = props.location;
  }
}
