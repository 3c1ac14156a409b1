import { AppConfiguration } from "@cdktf/provider-azurerm/lib/app-configuration";
import { AppConfigurationKey } from "@cdktf/provider-azurerm/lib/app-configuration-key";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { resourceName, shortHash } from "../../lib/model/naming";
import { azureTags, grantKeyEncryption, type AzureKeyRef, type AzureScopeProps } from "../azure-scope";
import { serviceAccountSubject, type RuntimeConfigProps } from "./index";

export interface AzureRuntimeConfigProps extends RuntimeConfigProps, AzureScopeProps {
  /** Realm key: the store encrypts its data with it. */
  readonly key: AzureKeyRef;
  /** Makes the globally unique store name differ per subscription (the subscription id). */
  readonly uniqueSuffix: string;
  /** The principal running Terraform: it writes the key through the data plane, so it needs the data-owner role. */
  readonly deployerPrincipalId: string;
  /** OIDC issuer of the realm cluster (AKS workload identity). */
  readonly oidcIssuerUrl: string;
  /** Keep deleted stores recoverable and refuse purging. */
  readonly purgeProtection: boolean;
}

/**
 * The document as a key of a realm App Configuration store (Entra ID only, no access keys;
 * encrypted with the realm key), and the application's managed identity, federated to its
 * Kubernetes service account and the only reader Realmkit grants.
 */
export class AzureRuntimeConfig extends Construct {
  /** `https://<store>.azconfig.io`: the endpoint the application's provider reads. */
  readonly endpoint: string;
  /** Client id of the application's identity (`azure.workload.identity/client-id`). */
  readonly identityClientId: string;

  constructor(scope: Construct, id: string, props: AzureRuntimeConfigProps) {
    super(scope, id);
    const where = { resourceGroupName: props.resourceGroupName, location: props.location, tags: azureTags(props.tags) };

    // The store reads the realm key as this identity; a user-assigned one exists before the store does.
    const storeIdentity = new UserAssignedIdentity(this, "store-identity", {
      ...where,
      name: resourceName("azure", "default", props.realm, "appconfig"),
    });
    const keyGrant = grantKeyEncryption(this, "store-key", props.key, storeIdentity.principalId);
    const store = new AppConfiguration(this, "store", {
      ...where,
      name: resourceName("azure", "appConfiguration", props.realm, "config", shortHash(props.uniqueSuffix)),
      // Standard: the tier with customer-managed keys, purge protection and private endpoints.
      sku: "standard",
      localAuthEnabled: false,
      purgeProtectionEnabled: props.purgeProtection,
      softDeleteRetentionDays: 7,
      identity: { type: "UserAssigned", identityIds: [storeIdentity.id] },
      encryption: { keyVaultKeyIdentifier: props.key.keyId, identityClientId: storeIdentity.clientId },
      dependsOn: [keyGrant],
    });

    // Without access keys, Terraform itself writes through the data plane as the deployer.
    const deployerWrites = new RoleAssignment(this, "deployer-writes", {
      scope: store.id,
      roleDefinitionName: "App Configuration Data Owner",
      principalId: props.deployerPrincipalId,
    });
    new AppConfigurationKey(this, "document", {
      configurationStoreId: store.id,
      key: props.storeKey,
      contentType: "application/json",
      tags: azureTags(props.tags),
      value: props.document,
      dependsOn: [deployerWrites],
    });

    const app = new UserAssignedIdentity(this, "app-identity", { ...where, name: resourceName("azure", "default", props.realm, "app") });
    new FederatedIdentityCredential(this, "app-identity-federation", {
      name: `aks-${props.serviceAccount.namespace}-${props.serviceAccount.name}`,
      parentId: app.id,
      resourceGroupName: props.resourceGroupName,
      issuer: props.oidcIssuerUrl,
      subject: serviceAccountSubject(props.serviceAccount),
      audience: ["api://AzureADTokenExchange"],
    });
    new RoleAssignment(this, "app-reads", {
      scope: store.id,
      roleDefinitionName: "App Configuration Data Reader",
      principalId: app.principalId,
      principalType: "ServicePrincipal",
    });

    this.endpoint = store.endpoint;
    this.identityClientId = app.clientId;
  }
}
