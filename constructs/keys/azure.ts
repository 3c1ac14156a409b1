import { Construct } from "constructs";
import { resourceName, shortHash } from "../../lib/model/naming";
import type { AzureDiagnosticsTarget, AzureKeyRef, AzureScopeProps } from "../azure-scope";
import { AzureKeyVault, type AzureClusterSecretsKeyRef } from "./azure-vault";
import { keyPeriods, type KeysProps } from "./index";

export interface AzureKeysProps extends KeysProps, AzureScopeProps {
  /** Entra tenant the vaults trust. */
  readonly tenantId: string;
  /** Subscription id: hashed into the vault names, which are global and stay reserved while soft-deleted. */
  readonly uniqueSuffix: string;
  /** Object id of the principal running Terraform; gets `Key Vault Crypto Officer` on the vaults to create the keys. */
  readonly deployerPrincipalId: string;
  /** Subnets the realm vault admits (workloads reading secrets). @default [] */
  readonly allowedSubnetIds?: readonly string[];
  /** Public address ranges the vaults admit (the Terraform runner). @default [] */
  readonly allowedIpRanges?: string[];
  /**
   * Region of a second vault and key for geo-redundant PostgreSQL backups, which must be
   * encrypted with a key in the backup (paired) region. @default no second vault
   */
  readonly geoBackupLocation?: string;
  /** Also create the key the AKS KMS plugin encrypts Kubernetes secrets with (a realm with a cluster). @default false */
  readonly clusterSecretsKey?: boolean;
  /** The realm vault serves Key Vault references to template deployments (log forwarding). @default false */
  readonly templateDeployment?: boolean;
}

/** A key in another region, with where it lives. */
export interface AzureRegionalKeyRef extends AzureKeyRef {
  readonly location: string;
}

// Azure limits: soft-delete retention 7..90 days; a rotation policy rotates after at least 7 days.
const SOFT_DELETE_RANGE = [7, 90] as const;
const ROTATION_RANGE = [7, 3650] as const;

/**
 * The realm's customer-managed key in its own Key Vault (see AzureKeyVault): encrypts the
 * database, storage and cluster disks and holds the service secrets. With `geoBackupLocation`
 * a second vault and key in the paired region encrypt the geo-redundant database backups.
 */
export class AzureKeys extends Construct {
  readonly key: AzureKeyRef;
  readonly vaultId: string;
  readonly vaultName: string;
  readonly vaultUri: string;
  readonly geoBackupKey?: AzureRegionalKeyRef;
  /** The realm vault's key for Kubernetes secrets (with `clusterSecretsKey`). */
  readonly clusterSecretsKey?: AzureClusterSecretsKeyRef;
  /** Key Vault audit logs (every key and secret access) for the realm workspace. */
  readonly diagnostics: AzureDiagnosticsTarget[];

  constructor(scope: Construct, id: string, props: AzureKeysProps) {
    super(scope, id);
    const { rotationDays, deletionWindowDays: softDeleteRetentionDays } = keyPeriods(
      props,
      { rotationDays: ROTATION_RANGE, deletionWindowDays: SOFT_DELETE_RANGE },
      { code: "RK-AZURE-KEYS-RANGE", cloud: "Azure" },
    );
    const suffix = shortHash(props.uniqueSuffix);
    const common = {
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      tenantId: props.tenantId,
      deployerPrincipalId: props.deployerPrincipalId,
      rotationDays,
      softDeleteRetentionDays,
      allowedIpRanges: props.allowedIpRanges,
    };

    const realmVault = new AzureKeyVault(this, "realm", {
      ...common,
      location: props.location,
      vaultName: resourceName("azure", "keyVault", props.realm, "kv", suffix),
      keyName: resourceName("azure", "default", props.realm, "cmk"),
      allowedSubnetIds: props.allowedSubnetIds,
      templateDeployment: props.templateDeployment,
      purpose: `the customer-managed key and service secrets of realm ${props.realm}`,
      clusterSecretsKeyName: props.clusterSecretsKey ? resourceName("azure", "default", props.realm, "cmk", "k8s") : undefined,
    });
    this.key = realmVault.key;
    this.clusterSecretsKey = realmVault.clusterSecretsKey;
    this.vaultId = realmVault.vaultId;
    this.vaultName = realmVault.vaultName;
    this.vaultUri = realmVault.vaultUri;
    this.diagnostics = [{ name: "key-vault", resourceId: realmVault.vaultId, logCategories: ["AuditEvent"] }];

    if (props.geoBackupLocation) {
      const geo = new AzureKeyVault(this, "geo-backup", {
        ...common,
        location: props.geoBackupLocation,
        vaultName: resourceName("azure", "keyVault", props.realm, "kvgeo", suffix),
        keyName: resourceName("azure", "default", props.realm, "cmk", "geo"),
        purpose: `the key of realm ${props.realm}'s geo-redundant database backups`,
      });
      this.geoBackupKey = { ...geo.key, location: props.geoBackupLocation };
      this.diagnostics.push({ name: "key-vault-geo", resourceId: geo.vaultId, logCategories: ["AuditEvent"] });
    }
  }
}
