import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { azureTags, type AzureKeyRef, type AzureScopeProps } from "../azure-scope";

export interface AzureKeyVaultProps extends AzureScopeProps {
  /** Globally unique vault name (3-24 characters). */
  readonly vaultName: string;
  /**
   * Let Azure Resource Manager read secrets for deployments that reference them (the Datadog
   * forwarder template takes its API key as a Key Vault reference). @default false
   */
  readonly templateDeployment?: boolean;
  /** Name of the key inside the vault. */
  readonly keyName: string;
  /** Entra tenant the vault trusts. */
  readonly tenantId: string;
  /** Object id of the principal running Terraform: it creates the key, so it needs a data-plane role. */
  readonly deployerPrincipalId: string;
  /** Days between automatic key rotations. */
  readonly rotationDays: number;
  /** Days a deleted vault or key stays recoverable (7 to 90; fixed once the vault exists). */
  readonly softDeleteRetentionDays: number;
  /** Subnets admitted by the vault firewall (they need the `Microsoft.KeyVault` service endpoint). @default [] */
  readonly allowedSubnetIds?: readonly string[];
  /** Public address ranges admitted by the vault firewall, e.g. the deployment runner's. @default [] */
  readonly allowedIpRanges?: string[];
  /** What the vault holds, for the lock note. */
  readonly purpose: string;
  /**
   * Name of a second key for Kubernetes secrets (the AKS KMS plugin encrypts and decrypts with
   * it, which the envelope key's `wrapKey`/`unwrapKey` do not allow). @default no such key
   */
  readonly clusterSecretsKeyName?: string;
}

/** A key the AKS KMS plugin encrypts etcd secrets with. */
export interface AzureClusterSecretsKeyRef {
  /**
   * Versioned key id: AKS KMS takes only a versioned id. Terraform reads the newest version on
   * every plan, so after an automatic rotation the next apply moves the cluster to it (in place).
   */
  readonly keyVersionId: string;
  /** ARM id of the vault (AKS makes its private link to it). */
  readonly vaultId: string;
  /** ARM id of the key (versionless): the scope of the cluster identity's crypto role. */
  readonly keyResourceId: string;
}

// Versions stay valid this long after the next rotation supersedes them: services that follow the
// versionless key id re-wrap within a day, and an operator has weeks to notice one that did not.
const EXPIRY_GRACE_DAYS = 30;

/**
 * A Key Vault holding one customer-managed key: RBAC authorization (no access policies), purge
 * protection, a firewall that denies everything but trusted Azure services and the admitted
 * subnets and addresses, and an RSA-HSM 3072 key rotated automatically by a rotation policy.
 * Vault and key are protected from deletion by a `CanNotDelete` lock and `prevent_destroy`.
 */
export class AzureKeyVault extends Construct {
  readonly vaultId: string;
  readonly vaultName: string;
  readonly vaultUri: string;
  readonly key: AzureKeyRef;
  readonly clusterSecretsKey?: AzureClusterSecretsKeyRef;

  constructor(scope: Construct, id: string, props: AzureKeyVaultProps) {
    super(scope, id);
    const tags = azureTags(props.tags);

    const vault = new KeyVault(this, "vault", {
      name: props.vaultName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tenantId: props.tenantId,
      // RSA-HSM keys need the premium tier.
      skuName: "premium",
      rbacAuthorizationEnabled: true,
      ...(props.templateDeployment ? { enabledForTemplateDeployment: true } : {}),
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.softDeleteRetentionDays,
      // Data-plane requests still need Entra RBAC; the firewall below limits where they may come from.
      // Fully disabling public access would also lock out the Terraform run that creates the key.
      publicNetworkAccessEnabled: true,
      networkAcls: {
        defaultAction: "Deny",
        // Storage, PostgreSQL and disk encryption sets reach the key as trusted services.
        bypass: "AzureServices",
        virtualNetworkSubnetIds: [...(props.allowedSubnetIds ?? [])],
        ipRules: props.allowedIpRanges ?? [],
      },
      tags,
      lifecycle: { preventDestroy: true },
    });

    const deployer = new RoleAssignment(this, "deployer-crypto-officer", {
      scope: vault.id,
      roleDefinitionName: "Key Vault Crypto Officer",
      principalId: props.deployerPrincipalId,
    });

    const rsaKey = (keyId: string, name: string, keyOpts: string[]): KeyVaultKey =>
      new KeyVaultKey(this, keyId, {
        name,
        keyVaultId: vault.id,
        keyType: "RSA-HSM",
        keySize: 3072,
        keyOpts,
        rotationPolicy: {
          automatic: { timeAfterCreation: `P${props.rotationDays}D` },
          expireAfter: `P${props.rotationDays + EXPIRY_GRACE_DAYS}D`,
          notifyBeforeExpiry: "P14D",
        },
        tags,
        dependsOn: [deployer],
        lifecycle: {
          preventDestroy: true,
          // Each rotation gives the newest version its own expiry; Terraform must not try to reset it
          // (the provider would replace the key to clear it).
          ignoreChanges: ["expiration_date"],
        },
      });
    // Envelope encryption only: services wrap their data keys, nothing encrypts data with it directly.
    const key = rsaKey("key", props.keyName, ["wrapKey", "unwrapKey"]);
    if (props.clusterSecretsKeyName) {
      const secrets = rsaKey("cluster-secrets-key", props.clusterSecretsKeyName, ["encrypt", "decrypt"]);
      this.clusterSecretsKey = { keyVersionId: secrets.id, vaultId: vault.id, keyResourceId: secrets.resourceVersionlessId };
    }

    new ManagementLock(this, "lock", {
      name: "realmkit-do-not-delete",
      scope: vault.id,
      lockLevel: "CanNotDelete",
      notes: `Holds ${props.purpose}; deleting it makes every resource encrypted with it unreadable`.slice(0, 512),
    });

    this.vaultId = vault.id;
    this.vaultName = vault.name;
    this.vaultUri = vault.vaultUri;
    this.key = { keyId: key.versionlessId, keyResourceId: key.resourceVersionlessId };
  }
}
