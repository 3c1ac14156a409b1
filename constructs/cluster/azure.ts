import { DiskEncryptionSet } from "@cdktf/provider-azurerm/lib/disk-encryption-set";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { ITerraformDependable } from "../../lib/cdktf";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { formatCidr, parseCidr } from "../../lib/model/cidr";
import { resourceName } from "../../lib/model/naming";
import { azureTags, grantKeyEncryption, type AzureKeyRef, type AzureScopeProps } from "../azure-scope";
import type { AzureClusterSecretsKeyRef } from "../keys/azure-vault";
import { constructIdPart } from "../construct-id";
import { aksWindow } from "../../lib/model/maintenance";
import { AzureNodePool, surgeOf } from "./azure-node-pool";
import { checkAzurePools, SYSTEM_POOL_NAME } from "./azure-pools";
import type { ClusterProps } from "./index";

/** Control-plane log categories sent to the workspace: API server, admin audit, scheduler, controllers, Entra auth. */
export const AKS_LOG_CATEGORIES = ["kube-apiserver", "kube-audit-admin", "kube-controller-manager", "kube-scheduler", "guard"] as const;

/** Name of the system node pool; user pools may not take it. */
export { SYSTEM_POOL_NAME };

export interface AzureClusterProps extends ClusterProps, AzureScopeProps {
  /** Entra tenant whose identities sign in to the cluster (Azure RBAC). */
  readonly tenantId: string;
  /** Realm key: encrypts node OS and data disks through a disk encryption set. */
  readonly key: AzureKeyRef;
  /** The node subnet (NAT gateway attached; the cluster's egress). */
  readonly subnetId: string;
  /**
   * Subnet delegated to `Microsoft.ContainerService/managedClusters` for the API server (VNet
   * integration): the only way the KMS plugin reaches a private Key Vault.
   */
  readonly apiServerSubnetId: string;
  /** Key in the realm's private vault that encrypts Kubernetes secrets in etcd (KMS plugin). */
  readonly secretsKey: AzureClusterSecretsKeyRef;
  /** Overlay pod range (outside the realm network). */
  readonly podCidr: string;
  /** Kubernetes service range (outside the realm network and the pod range). */
  readonly serviceCidr: string;
  /** Availability zones to spread nodes across; empty in a region without zones. */
  readonly zones: readonly string[];
  /** Log Analytics workspace for Container Insights and control-plane logs. @default no monitoring add-on */
  readonly logAnalyticsWorkspaceId?: string;
  /** Entra groups that are cluster admins. @default [] (grant Azure RBAC roles on the cluster instead) */
  readonly adminGroupObjectIds?: readonly string[];
  /** What must exist before the cluster (the subnet's NAT gateway and NSG associations). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The realm's AKS cluster: private API server (no public FQDN) integrated into the realm VNet,
 * Entra ID sign-in with Azure RBAC and no local accounts, Azure CNI overlay with Calico network
 * policy, egress through the realm NAT gateway, node disks encrypted with the realm key and
 * encryption at host on every pool, Kubernetes secrets encrypted by the KMS plugin with a key in
 * the private realm vault, OIDC issuer and workload identity, the Key Vault secrets CSI driver,
 * and control-plane logs in the realm workspace.
 */
export class AzureCluster extends Construct {
  readonly clusterId: string;
  readonly clusterName: string;
  /** Issuer of service-account tokens, for federated identity credentials (workload identity). */
  readonly oidcIssuerUrl: string;

  constructor(scope: Construct, id: string, props: AzureClusterProps) {
    super(scope, id);
    checkAzurePools(props.nodePools, props.realm);
    const tags = azureTags(props.tags);
    const where = { resourceGroupName: props.resourceGroupName, location: props.location, tags };
    const name = (...parts: string[]) => resourceName("azure", "default", props.realm, ...parts);
    const zones = props.zones.length > 0 ? [...props.zones] : undefined;

    // A user-assigned identity exists before the cluster, so its permissions can be granted first.
    const identity = new UserAssignedIdentity(this, "identity", { ...where, name: name("aks") });
    const subnetRole = new RoleAssignment(this, "identity-subnet", {
      scope: props.subnetId,
      roleDefinitionName: "Network Contributor",
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
    });

    const apiServerSubnetRole = new RoleAssignment(this, "identity-api-server-subnet", {
      scope: props.apiServerSubnetId,
      roleDefinitionName: "Network Contributor",
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
    });
    // The KMS plugin runs as the cluster identity: it encrypts and decrypts with the secrets key,
    // and with a private vault AKS creates its own private endpoint to the vault, which needs
    // Key Vault Contributor there (Microsoft's documented requirement for private vaults).
    const kmsCrypto = new RoleAssignment(this, "identity-kms-key", {
      scope: props.secretsKey.keyResourceId,
      roleDefinitionName: "Key Vault Crypto User",
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
    });
    const kmsPrivateLink = new RoleAssignment(this, "identity-kms-vault", {
      scope: props.secretsKey.vaultId,
      roleDefinitionName: "Key Vault Contributor",
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
    });

    const diskEncryption = new DiskEncryptionSet(this, "disk-encryption", {
      ...where,
      name: name("aks", "disks"),
      keyVaultKeyId: props.key.keyId,
      // Follows the key's automatic rotation (needs the versionless key id).
      autoKeyRotationEnabled: true,
      encryptionType: "EncryptionAtRestWithCustomerKey",
      identity: { type: "SystemAssigned" },
    });
    const desKey = grantKeyEncryption(this, "disk-encryption-key", props.key, diskEncryption.identity.principalId);
    const desReader = new RoleAssignment(this, "identity-disk-encryption", {
      scope: diskEncryption.id,
      roleDefinitionName: "Reader",
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
    });

    const first = props.nodePools[0]!;
    const systemMin = props.tier === "dev" ? 1 : Math.max(2, props.zones.length);
    // Upgrades and node image updates in the realm's window (its local time and offset), else Sunday 02:00 UTC.
    const window = props.maintenance
      ? aksWindow(props.maintenance)
      : { frequency: "Weekly", interval: 1, dayOfWeek: "Sunday", startTime: "02:00", utcOffset: "+00:00", duration: 4 };
    const cluster = new KubernetesCluster(this, "cluster", {
      ...where,
      name: name("aks"),
      dnsPrefix: name("aks"),
      kubernetesVersion: props.version,
      skuTier: props.tier === "prod" ? "Standard" : "Free",
      automaticUpgradeChannel: "patch",
      nodeOsUpgradeChannel: "NodeImage",
      maintenanceWindowAutoUpgrade: window,
      maintenanceWindowNodeOs: window,
      // The API server has a private endpoint in the node subnet only; authorized IP ranges apply
      // to public endpoints and have no meaning here.
      privateClusterEnabled: true,
      privateClusterPublicFqdnEnabled: false,
      privateDnsZoneId: "System",
      apiServerAccessProfile: { subnetId: props.apiServerSubnetId, virtualNetworkIntegrationEnabled: true },
      keyManagementService: { keyVaultKeyId: props.secretsKey.keyVersionId, keyVaultNetworkAccess: "Private" },
      localAccountDisabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        tenantId: props.tenantId,
        adminGroupObjectIds: [...(props.adminGroupObjectIds ?? [])],
      },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      azurePolicyEnabled: true,
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      identity: { type: "UserAssigned", identityIds: [identity.id] },
      diskEncryptionSetId: diskEncryption.id,
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkPolicy: "calico",
        podCidr: props.podCidr,
        serviceCidr: props.serviceCidr,
        dnsServiceIp: dnsServiceIp(props.serviceCidr, props.realm),
        loadBalancerSku: "standard",
        outboundType: "userAssignedNATGateway",
      },
      defaultNodePool: {
        name: SYSTEM_POOL_NAME,
        // Only critical add-ons (CoreDNS, metrics, CSI drivers) run here; workloads go to the user pools.
        onlyCriticalAddonsEnabled: true,
        vmSize: first.sku,
        orchestratorVersion: props.version,
        autoScalingEnabled: true,
        minCount: systemMin,
        maxCount: systemMin * 2,
        osDiskType: "Managed",
        osDiskSizeGb: 128,
        // Temp disks and OS/data disk caches on the VM host are encrypted too (needs the
        // subscription feature Microsoft.Compute/EncryptionAtHost, see docs/azure.md).
        hostEncryptionEnabled: true,
        vnetSubnetId: props.subnetId,
        zones,
        temporaryNameForRotation: "systemtmp",
        upgradeSettings: { maxSurge: surgeOf(props.surge) },
        tags,
      },
      keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: "2m" },
      omsAgent: props.logAnalyticsWorkspaceId
        ? { logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId, msiAuthForMonitoringEnabled: true }
        : undefined,
      dependsOn: [subnetRole, apiServerSubnetRole, kmsCrypto, kmsPrivateLink, desKey, desReader, ...(props.dependsOn ?? [])],
      lifecycle: { ignoreChanges: ["default_node_pool[0].node_count"] },
    });

    for (const pool of props.nodePools) {
      new AzureNodePool(this, `pool-${constructIdPart(pool.name)}`, {
        pool,
        clusterId: cluster.id,
        version: props.version,
        subnetId: props.subnetId,
        zones: props.zones,
        tags: props.tags,
        surge: props.surge,
      });
    }

    if (props.logAnalyticsWorkspaceId) {
      new MonitorDiagnosticSetting(this, "control-plane-logs", {
        name: "realmkit-control-plane",
        targetResourceId: cluster.id,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        // Resource-specific tables: cheaper to query and to retain than the shared AzureDiagnostics table.
        logAnalyticsDestinationType: "Dedicated",
        enabledLog: AKS_LOG_CATEGORIES.map((category) => ({ category })),
      });
    }

    this.clusterId = cluster.id;
    this.clusterName = cluster.name;
    this.oidcIssuerUrl = cluster.oidcIssuerUrl;
  }
}

/** The cluster DNS service address: the tenth address of the service range, as AKS's own default. */
export function dnsServiceIp(serviceCidr: string, realm: string): string {
  const range = parseCidr(serviceCidr);
  if (!range || range.prefix > 24) {
    throw new RealmkitError(
      "RK-AZURE-CLUSTER-SERVICE-CIDR",
      `AKS service range \`${serviceCidr}\` must be an IPv4 network of /24 or larger`,
      {
        realm,
        value: serviceCidr,
        fix: "use the layout's extra.aksServices range",
      },
    );
  }
  return formatCidr({ base: range.base + 10, prefix: 32 }).replace(/\/32$/, "");
}
