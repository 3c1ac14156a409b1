import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { azurePostgresWindow, type MaintenanceWindow } from "../../lib/model/maintenance";
import type { ITerraformDependable } from "../../lib/cdktf";
import { Construct } from "constructs";
import { resourceName, shortHash } from "../../lib/model/naming";
import { azureTags, grantKeyEncryption, lockZoneDeletion, type AzureKeyRef, type AzureScopeProps } from "../azure-scope";
import type { AzureRegionalKeyRef } from "../keys/azure";
import { checkBackupRetention, storageSizeMb } from "./azure-postgres-limits";
import type { ManagedDatabaseSpec } from "./index";

/** Where an Azure database lives and what it may use; shared by the managed and external forms. */
export interface AzureDatabaseWiring extends AzureScopeProps {
  /** Entra tenant of the server's Entra ID authentication. */
  readonly tenantId: string;
  /** Subscription id: hashed into the server name, which is a global DNS name. */
  readonly uniqueSuffix: string;
  /** Realm key: encrypts data, WAL and backups. */
  readonly key: AzureKeyRef;
  /** Key in the paired region: turns on geo-redundant backups encrypted with it. @default backups stay in-region */
  readonly geoBackupKey?: AzureRegionalKeyRef;
  /** Subnet delegated to `Microsoft.DBforPostgreSQL/flexibleServers`. */
  readonly delegatedSubnetId: string;
  /** VNet the server's private DNS zone is linked to. */
  readonly vnetId: string;
  /** Availability zones of the region (empty where it has none). */
  readonly zones: readonly string[];
}

export interface AzurePostgresProps extends AzureDatabaseWiring {
  readonly realm: string;
  /** The realm's window (UTC). @default Sunday 02:00 UTC */
  readonly maintenance?: MaintenanceWindow;
  readonly spec: ManagedDatabaseSpec;
  /** `prevent_destroy` and a `CanNotDelete` lock on the server and its DNS zone. */
  readonly deletionProtection: boolean;
}

/** Sizes Azure offers for `storage_mb` (MiB); a requested size rounds up to the next one. */
export { STORAGE_SIZES_MB, storageSizeMb } from "./azure-postgres-limits";

/** Server parameters every realm sets: TLS only, and every connection and disconnection logged. */
export const SERVER_PARAMETERS: Readonly<Record<string, string>> = {
  require_secure_transport: "on",
  ssl_min_protocol_version: "TLSv1.2",
  log_connections: "on",
  log_disconnections: "on",
};

/**
 * PostgreSQL Flexible Server on the realm network only: injected into the delegated subnet,
 * resolvable through a private DNS zone linked to the VNet, no public endpoint. Data and
 * backups are encrypted with the realm key through a user-assigned identity; backups are
 * geo-redundant when a key in the paired region is given. Sign-in is Entra ID only (no
 * password exists), with a managed identity as the Entra administrator.
 */
export class AzurePostgres extends Construct {
  readonly host: string;
  readonly serverId: string;
  readonly serverName: string;
  /** Managed identity that is the server's Entra administrator; federate a workload or runner to it. */
  readonly adminIdentityClientId: string;
  readonly adminIdentityName: string;

  constructor(scope: Construct, id: string, props: AzurePostgresProps) {
    super(scope, id);
    const { realm, spec } = props;
    checkSpec(props);
    const tags = azureTags(props.tags);
    const where = { resourceGroupName: props.resourceGroupName, location: props.location, tags };
    const name = (...parts: string[]) => resourceName("azure", "default", realm, ...parts);
    const serverName = name("pg", shortHash(props.uniqueSuffix));
    const protect = props.deletionProtection;

    const identity = new UserAssignedIdentity(this, "identity", { ...where, name: name("database") });
    const grants: ITerraformDependable[] = [grantKeyEncryption(this, "identity-key", props.key, identity.principalId)];
    let geoIdentity: UserAssignedIdentity | undefined;
    if (props.geoBackupKey) {
      // The backup copy is decrypted in the paired region, by an identity that lives there.
      geoIdentity = new UserAssignedIdentity(this, "geo-identity", {
        ...where,
        location: props.geoBackupKey.location,
        name: name("database", "geo"),
      });
      grants.push(grantKeyEncryption(this, "geo-identity-key", props.geoBackupKey, geoIdentity.principalId));
    }

    const zone = new PrivateDnsZone(this, "dns-zone", {
      name: `${serverName}.private.postgres.database.azure.com`,
      resourceGroupName: props.resourceGroupName,
      tags,
      lifecycle: { preventDestroy: protect },
    });
    const link = new PrivateDnsZoneVirtualNetworkLink(this, "dns-link", {
      name: name("database", "vnet"),
      resourceGroupName: props.resourceGroupName,
      privateDnsZoneName: zone.name,
      virtualNetworkId: props.vnetId,
      registrationEnabled: false,
      tags,
    });

    const storageMb = storageSizeMb(spec.storageGb, realm);
    const autoGrow = spec.maxStorageGb !== undefined && spec.maxStorageGb > spec.storageGb;
    const zonal = props.zones.length >= 2;
    const server = new PostgresqlFlexibleServer(this, "server", {
      ...where,
      name: serverName,
      version: spec.version,
      skuName: spec.sku,
      storageMb,
      autoGrowEnabled: autoGrow,
      backupRetentionDays: spec.backupRetentionDays,
      geoRedundantBackupEnabled: props.geoBackupKey !== undefined,
      delegatedSubnetId: props.delegatedSubnetId,
      privateDnsZoneId: zone.id,
      publicNetworkAccessEnabled: false,
      zone: props.zones[0],
      highAvailability: spec.highAvailability
        ? zonal
          ? { mode: "ZoneRedundant", standbyAvailabilityZone: props.zones[1] }
          : { mode: "SameZone" }
        : undefined,
      authentication: { activeDirectoryAuthEnabled: true, passwordAuthEnabled: false, tenantId: props.tenantId },
      identity: { type: "UserAssigned", identityIds: [identity.id, ...(geoIdentity ? [geoIdentity.id] : [])] },
      customerManagedKey: {
        keyVaultKeyId: props.key.keyId,
        primaryUserAssignedIdentityId: identity.id,
        geoBackupKeyVaultKeyId: props.geoBackupKey?.keyId,
        geoBackupUserAssignedIdentityId: geoIdentity?.id,
      },
      // The realm's window, else Sunday 02:00 UTC.
      maintenanceWindow: props.maintenance ? azurePostgresWindow(props.maintenance) : { dayOfWeek: 0, startHour: 2, startMinute: 0 },
      dependsOn: [link, ...grants],
      lifecycle: {
        preventDestroy: protect,
        ignoreChanges: [
          // A failover swaps primary and standby zones; Terraform must not fail back.
          "zone",
          "high_availability[0].standby_availability_zone",
          // Auto-grow enlarges the disk; Terraform would otherwise try to shrink it (which replaces the server).
          ...(autoGrow ? ["storage_mb"] : []),
        ],
      },
    });

    const admin = new UserAssignedIdentity(this, "admin-identity", { ...where, name: name("database", "admin") });
    new PostgresqlFlexibleServerActiveDirectoryAdministrator(this, "entra-admin", {
      serverName: server.name,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      objectId: admin.principalId,
      principalName: admin.name,
      principalType: "ServicePrincipal",
    });

    for (const [parameter, value] of Object.entries(SERVER_PARAMETERS)) {
      new PostgresqlFlexibleServerConfiguration(this, `parameter-${parameter}`, { name: parameter, serverId: server.id, value });
    }

    if (protect) {
      new ManagementLock(this, "lock", {
        name: "realmkit-do-not-delete",
        scope: server.id,
        lockLevel: "CanNotDelete",
        notes: `Database of realm ${realm}; remove the lock only to retire the realm`,
      });
      lockZoneDeletion(this, "dns-zone-lock", zone.id, `Resolves the database of realm ${realm}`);
    }

    this.host = server.fqdn;
    this.serverId = server.id;
    this.serverName = server.name;
    this.adminIdentityClientId = admin.clientId;
    this.adminIdentityName = admin.name;
  }
}

function checkSpec(props: AzurePostgresProps): void {
  checkBackupRetention(props.spec.backupRetentionDays, props.realm);
}
