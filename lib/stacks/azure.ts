import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AzurermBackend, TerraformOutput, TerraformVariable, type TerraformStack } from "../cdktf";
import { AzureCluster } from "../../constructs/cluster/azure";
import { protectsData } from "../../constructs/common";
import { databaseChoice } from "../../constructs/database";
import { AzureDatabase } from "../../constructs/database/azure";
import { AzureDns } from "../../constructs/dns/azure";
import { AzureKeys } from "../../constructs/keys/azure";
import { AzureNetwork } from "../../constructs/network/azure";
import { AzureResourceGroup } from "../../constructs/network/azure-resource-group";
import { AzureObservability } from "../../constructs/observability/azure";
import { AzurePlatformAlerts } from "../../constructs/observability/azure-platform-alerts";
import { AzureAggregatorAccess } from "../../constructs/observability/azure-aggregator-access";
import { azureAggregatorAccess } from "../observability/realm-side";
import { AzureLogForwarder } from "../../constructs/observability/azure-log-forwarder";
import { realmLogForwarder } from "../observability/log-forwarding";
import { AKS_LOG_CATEGORIES } from "../../constructs/cluster/azure";
import { BLOB_LOG_CATEGORIES } from "../../constructs/storage/azure";
import { AzureRuntimeConfig } from "../../constructs/runtime/azure";
import { AzureServices } from "../../constructs/services/azure";
import { AzureStorage } from "../../constructs/storage/azure";
import type { ComponentName } from "../config/types";
import { azurePairedRegion } from "../model/providers/azure";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { residencyZones } from "../model/residency";
import { realmTags } from "../model/tags";
import { expandStateTemplate, stateKey, type ProviderKit } from "./kit";
import { configureBackend } from "./backend";
import { commonOutput } from "./outputs";
import { databaseWiring } from "./database";
import { componentProps, maxNodes } from "./props";
import { publishesRuntimeConfig } from "../runtime/document";
import { runtimeConfigProps } from "./runtime-config";

/**
 * azurerm releases the Azure constructs rely on: `rbac_authorization_enabled` on Key Vault
 * (4.42) and the bindings' generation (4.55); 5.x may break attributes.
 */
export const AZURERM_VERSION_CONSTRAINT = ">= 4.55.0, < 5.0.0";

/** Terraform input naming the public ranges the Key Vaults admit besides the realm network (the runner's address). */
export const KEY_VAULT_IP_RANGES_VARIABLE = "key_vault_allowed_ip_ranges";

/**
 * The paired region that holds geo-redundant copies (database backups, storage replicas), when
 * the realm keeps data that needs them and the pair lies inside its residency.
 */
export function geoRedundancyRegion(realm: RealmModel, target: CloudTarget): string | undefined {
  if (!protectsData(realm.config.tier)) return undefined;
  const pair = azurePairedRegion(target.region);
  const allowed = residencyZones[realm.config.residency] ?? [];
  return pair && allowed.includes(pair.zone) ? pair.region : undefined;
}

export const azureKit: ProviderKit = {
  provider: "azure",

  configure(stack, realm, target, options) {
    new AzurermProvider(stack, "azurerm", {
      subscriptionId: target.account,
      tenantId: target.cloud.tenant,
      // Storage data-plane calls (the state backend, containers) authenticate with Entra ID: accounts have no shared keys.
      storageUseAzuread: true,
      features: [
        {
          keyVault: [
            {
              // Purge protection forbids purging anyway; never try, and recover soft-deleted items instead of failing.
              purgeSoftDeleteOnDestroy: false,
              purgeSoftDeletedKeysOnDestroy: false,
              purgeSoftDeletedSecretsOnDestroy: false,
              recoverSoftDeletedKeyVaults: true,
              recoverSoftDeletedKeys: true,
            },
          ],
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
          logAnalyticsWorkspace: [{ permanentlyDeleteOnDestroy: false }],
          // Storage accounts accept no public traffic: manage them through Azure Resource Manager only.
          storage: [{ dataPlaneAvailable: false }],
        },
      ],
    });
    stack.addOverride("terraform.required_providers.azurerm.version", AZURERM_VERSION_CONSTRAINT);

    configureBackend("azure", stack, realm, target, options, (state) => {
      new AzurermBackend(stack, {
        subscriptionId: target.account,
        tenantId: target.cloud.tenant,
        resourceGroupName: expandStateTemplate(state.resourceGroup, realm, target),
        storageAccountName: expandStateTemplate(state.storageAccount, realm, target),
        containerName: expandStateTemplate(state.container, realm, target),
        key: stateKey(state.keyPrefix, realm, target),
        useAzureadAuth: true,
      });
    });
  },

  build(stack: TerraformStack, realm, target) {
    const props = componentProps(realm, target);
    const has = (c: ComponentName) => target.components.has(c);
    const tags = realmTags(realm.config, target);
    const client = new DataAzurermClientConfig(stack, "client");
    const tenantId = target.cloud.tenant ?? client.tenantId;
    const zones = target.zones;
    const geoRegion = geoRedundancyRegion(realm, target);

    const group = new AzureResourceGroup(stack, "resource-group", { ...props.keys, location: target.region, tags });
    const where = { resourceGroupName: group.name, location: target.region, tags };
    new TerraformOutput(stack, "resource_group_name", { value: group.name });

    const allowedIps = new TerraformVariable(stack, KEY_VAULT_IP_RANGES_VARIABLE, {
      type: "list(string)",
      default: [],
      nullable: false,
      description: "Public CIDR ranges admitted by the realm Key Vaults' firewall, e.g. the Terraform runner's egress address",
    });

    const network = has("network") ? new AzureNetwork(stack, "network", { ...props.network, ...where }) : undefined;
    // Partners that allow-list callers need the one address node egress leaves from.
    if (network) new TerraformOutput(stack, "egress_ip", { value: network.egressIp });
    const managedDb =
      has("database") && props.database !== undefined && databaseChoice(props.database, "RK-AZURE-DATABASE-KIND").kind === "managed";

    const keys = new AzureKeys(stack, "keys", {
      ...props.keys,
      ...where,
      tenantId,
      uniqueSuffix: target.account,
      deployerPrincipalId: client.objectId,
      allowedSubnetIds: network?.privateSubnetIds ?? [],
      allowedIpRanges: allowedIps.listValue,
      geoBackupLocation: managedDb ? geoRegion : undefined,
      clusterSecretsKey: has("cluster") && props.cluster !== undefined && network !== undefined,
      // Datadog's forwarder template reads the API key from the vault by reference.
      templateDeployment: realmLogForwarder(realm, target) !== undefined,
    });
    new TerraformOutput(stack, "key_vault_uri", { value: keys.vaultUri });

    const database =
      has("database") && props.database && network
        ? new AzureDatabase(stack, "database", {
            ...props.database,
            ...where,
            tenantId,
            uniqueSuffix: target.account,
            key: keys.key,
            geoBackupKey: keys.geoBackupKey,
            delegatedSubnetId: network.databaseSubnetId,
            vnetId: network.vnetId,
            zones,
            clientSecurityGroupName: network.nodesSecurityGroupName,
          })
        : undefined;
    const db = databaseWiring(stack, database, "name");
    if (database) {
      if (database.credentialsSecretName) new TerraformOutput(stack, "database_secret_name", { value: database.credentialsSecretName });
    }

    const observability =
      has("observability") && props.observability
        ? new AzureObservability(stack, "observability", {
            ...props.observability,
            ...where,
            database: database?.serverId ? { serverId: database.serverId } : undefined,
            diagnostics: [...keys.diagnostics, ...(database?.diagnostics ?? [])],
          })
        : undefined;

    const cluster =
      has("cluster") && props.cluster && network
        ? new AzureCluster(stack, "cluster", {
            ...props.cluster,
            ...where,
            tenantId,
            key: keys.key,
            subnetId: network.privateSubnetIds[0]!,
            apiServerSubnetId: network.apiServerSubnetId,
            secretsKey: keys.clusterSecretsKey!,
            podCidr: target.layout.extra.aksPods!,
            serviceCidr: target.layout.extra.aksServices!,
            zones,
            logAnalyticsWorkspaceId: observability?.workspaceId,
            dependsOn: network.nodesReady,
          })
        : undefined;
    if (cluster) commonOutput(stack, "clusterName", cluster.clusterName);

    const services =
      has("services") && props.services && network
        ? new AzureServices(stack, "services", {
            ...props.services,
            ...where,
            keyVaultId: keys.vaultId,
            keyVaultName: keys.vaultName,
            keyVaultUri: keys.vaultUri,
            securityGroupName: network.nodesSecurityGroupName,
            oidcIssuerUrl: cluster?.oidcIssuerUrl,
          })
        : undefined;

    const storage =
      has("storage") && props.storage
        ? new AzureStorage(stack, "storage", {
            ...props.storage,
            ...where,
            key: keys.key,
            zones,
            geoReplication: geoRegion !== undefined,
            privateEndpoint: network ? { subnetId: network.endpointsSubnetId, vnetId: network.vnetId } : undefined,
            logAnalyticsWorkspaceId: observability?.workspaceId,
          })
        : undefined;
    if (storage) {
      new TerraformOutput(stack, "storage_account_name", { value: storage.accountName });
      commonOutput(stack, "bucketNames", storage.containerNames);
    }

    const aggregatorAccess = azureAggregatorAccess(realm, target);
    if (aggregatorAccess) new AzureAggregatorAccess(stack, "aggregator-access", aggregatorAccess);

    // Platform logs go to Datadog only when the fleet plan allows it (a site inside the residency).
    const forwarder = realmLogForwarder(realm, target);
    if (forwarder) {
      new AzureLogForwarder(stack, "log-forwarder", {
        ...where,
        forwarder,
        subscriptionId: target.account,
        keyVault: { id: keys.vaultId, uri: keys.vaultUri },
        targets: [
          ...keys.diagnostics,
          ...(database?.diagnostics ?? []),
          ...(cluster ? [{ name: "cluster", resourceId: cluster.clusterId, logCategories: [...AKS_LOG_CATEGORIES] }] : []),
          ...(storage
            ? [{ name: "blob", resourceId: `${storage.accountId}/blobServices/default`, logCategories: [...BLOB_LOG_CATEGORIES] }]
            : []),
        ],
      });
    }

    if (observability && props.observability && (cluster || storage)) {
      new AzurePlatformAlerts(stack, "platform-alerts", {
        realm: realm.id,
        ...where,
        actionGroupId: observability.actionGroupId,
        alerts: props.observability.alerts ?? [],
        cluster: cluster && { clusterId: cluster.clusterId, maxNodes: maxNodes(props) },
        storageAccountId: storage?.accountId,
      });
    }

    if (cluster && publishesRuntimeConfig(target)) {
      const secretUri = (name: string) => `${keys.vaultUri}secrets/${name}`;
      const runtime = new AzureRuntimeConfig(stack, "runtime-config", {
        ...runtimeConfigProps(realm, target, {
          databaseHost: db.runtimeHost,
          databaseSecret: database?.credentialsSecretName && secretUri(database.credentialsSecretName),
          serviceSecrets: Object.fromEntries(
            Object.entries(services?.secretNames ?? {}).map(([name, secret]) => [name, secretUri(secret)]),
          ),
          buckets: storage ? Object.fromEntries(props.storage!.buckets.map((name, i) => [name, storage.containerNames[i]!])) : {},
          observability: observability ? { logAnalyticsWorkspaceId: observability.workspaceId } : {},
        }),
        ...where,
        key: keys.key,
        uniqueSuffix: target.account,
        deployerPrincipalId: client.objectId,
        oidcIssuerUrl: cluster.oidcIssuerUrl,
        purgeProtection: protectsData(realm.config.tier),
      });
      new TerraformOutput(stack, "runtime_config_endpoint", { value: runtime.endpoint });
      new TerraformOutput(stack, "app_identity_client_id", { value: runtime.identityClientId });
    }

    if (has("dns") && props.dns && network) {
      new AzureDns(stack, "dns", { ...props.dns, ...where, records: db.records, vnetId: network.vnetId });
    }
  },
};
