import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { checkContainerName } from "./azure-container-name";
import { resourceName, shortHash } from "../../lib/model/naming";
import { azureTags, grantKeyEncryption, lockZoneDeletion, type AzureKeyRef, type AzureScopeProps } from "../azure-scope";
import type { StorageProps } from "./index";

export interface AzureStorageProps extends StorageProps, AzureScopeProps {
  /** Realm key: encrypts blobs, files, queues and tables (customer-managed key). */
  readonly key: AzureKeyRef;
  /** Availability zones of the region: with zones the account is zone-redundant. */
  readonly zones: readonly string[];
  /**
   * Keep a second copy in the paired region (GZRS/GRS). Only when that region lies inside the
   * realm's residency. @default false
   */
  readonly geoReplication?: boolean;
  /**
   * Private endpoint for the blob service in the realm network, the only way in (public
   * network access is off). @default none: only trusted Azure services reach the account
   */
  readonly privateEndpoint?: { readonly subnetId: string; readonly vnetId: string };
  /** Days deleted blobs and containers stay recoverable. @default 30 with deletion protection, else 7 */
  readonly softDeleteDays?: number;
  /**
   * Log Analytics workspace that receives the blob service's data-access logs (every read,
   * write and delete: SOC 2, HIPAA and PCI audit trails). @default no data-access logs
   */
  readonly logAnalyticsWorkspaceId?: string;
}

/** Blob data-access log categories: every read, write and delete request. */
export const BLOB_LOG_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"] as const;

/** Azure's private DNS zone for blob private endpoints (fixed by Azure). */
export const BLOB_PRIVATE_DNS_ZONE = "privatelink.blob.core.windows.net";

/**
 * One storage account per realm with one private container per logical bucket. No public
 * network access, no anonymous access and no shared keys (Entra ID only), HTTPS with TLS 1.2,
 * the realm key plus infrastructure (double) encryption, versioning and soft delete for blobs
 * and containers. Reached from the realm network through a blob private endpoint; every blob read,
 * write and delete is logged to the realm workspace.
 */
export class AzureStorage extends Construct {
  readonly accountName: string;
  readonly accountId: string;
  readonly blobEndpoint: string;
  /** Container names in the order of `props.buckets` (the logical bucket names). */
  readonly containerNames: string[];

  constructor(scope: Construct, id: string, props: AzureStorageProps) {
    super(scope, id);
    props.buckets.forEach((bucket) => checkContainerName(bucket, props.realm));
    const tags = azureTags(props.tags);
    const where = { resourceGroupName: props.resourceGroupName, location: props.location, tags };
    const protect = props.deletionProtection;
    const softDeleteDays = props.softDeleteDays ?? (protect ? 30 : 7);

    const identity = new UserAssignedIdentity(this, "identity", {
      ...where,
      name: resourceName("azure", "default", props.realm, "storage"),
    });
    const keyGrant = grantKeyEncryption(this, "identity-key", props.key, identity.principalId);

    const account = new StorageAccount(this, "account", {
      ...where,
      name: resourceName("azure", "storageAccount", props.realm, "st", shortHash(props.uniqueSuffix)),
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: replicationType(props.zones.length > 0, props.geoReplication ?? false),
      accessTier: "Hot",
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: "TLS1_2",
      publicNetworkAccessEnabled: false,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      crossTenantReplicationEnabled: false,
      localUserEnabled: false,
      infrastructureEncryptionEnabled: true,
      // Queues and tables use the account key (the realm key) instead of a Microsoft-managed one.
      queueEncryptionKeyType: "Account",
      tableEncryptionKeyType: "Account",
      networkRules: { defaultAction: "Deny", bypass: ["AzureServices"] },
      identity: { type: "UserAssigned", identityIds: [identity.id] },
      customerManagedKey: { keyVaultKeyId: props.key.keyId, userAssignedIdentityId: identity.id },
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days: softDeleteDays },
        containerDeleteRetentionPolicy: { days: softDeleteDays },
      },
      dependsOn: [keyGrant],
      lifecycle: { preventDestroy: protect },
    });

    const containers = props.buckets.map(
      (bucket) =>
        new StorageContainer(this, `container-${bucket}`, {
          name: bucket,
          storageAccountId: account.id,
          containerAccessType: "private",
          lifecycle: { preventDestroy: protect },
        }),
    );

    if (protect) {
      new ManagementLock(this, "lock", {
        name: "realmkit-do-not-delete",
        scope: account.id,
        lockLevel: "CanNotDelete",
        notes: `Object storage of realm ${props.realm}; remove the lock only to retire the realm`,
      });
    }

    if (props.privateEndpoint) {
      const zone = new PrivateDnsZone(this, "blob-dns-zone", {
        name: BLOB_PRIVATE_DNS_ZONE,
        resourceGroupName: props.resourceGroupName,
        tags,
        lifecycle: { preventDestroy: protect },
      });
      if (protect) lockZoneDeletion(this, "blob-dns-zone-lock", zone.id, `Resolves the storage of realm ${props.realm} inside its network`);
      new PrivateDnsZoneVirtualNetworkLink(this, "blob-dns-link", {
        name: resourceName("azure", "default", props.realm, "blob", "vnet"),
        resourceGroupName: props.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: props.privateEndpoint.vnetId,
        registrationEnabled: false,
        tags,
      });
      new PrivateEndpoint(this, "blob-endpoint", {
        ...where,
        name: resourceName("azure", "default", props.realm, "storage", "blob"),
        subnetId: props.privateEndpoint.subnetId,
        privateServiceConnection: {
          name: resourceName("azure", "default", props.realm, "storage", "blob"),
          privateConnectionResourceId: account.id,
          subresourceNames: ["blob"],
          isManualConnection: false,
        },
        privateDnsZoneGroup: { name: "blob", privateDnsZoneIds: [zone.id] },
      });
    }

    if (props.logAnalyticsWorkspaceId) {
      new MonitorDiagnosticSetting(this, "blob-access-logs", {
        name: "realmkit-blob-access",
        // Data-access logs belong to the blob service, not to the account.
        targetResourceId: `${account.id}/blobServices/default`,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        logAnalyticsDestinationType: "Dedicated",
        enabledLog: BLOB_LOG_CATEGORIES.map((category) => ({ category })),
      });
    }

    this.accountName = account.name;
    this.accountId = account.id;
    this.blobEndpoint = account.primaryBlobEndpoint;
    this.containerNames = containers.map((c) => c.name);
  }
}

/** Zone-redundant where the region has zones; geo-replicated to the paired region when allowed. */
export function replicationType(zonal: boolean, geo: boolean): string {
  if (geo) return zonal ? "GZRS" : "GRS";
  return zonal ? "ZRS" : "LRS";
}
