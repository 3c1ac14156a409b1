import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformOutput, type TerraformStack } from "../cdktf";
import { AwsCluster } from "../../constructs/cluster/aws";
import { AwsDatabase } from "../../constructs/database/aws";
import { AwsDns } from "../../constructs/dns/aws";
import { AwsKeys } from "../../constructs/keys/aws";
import { AwsNetwork } from "../../constructs/network/aws";
import { AwsObservability } from "../../constructs/observability/aws";
import { AwsAggregatorAccess } from "../../constructs/observability/aws-aggregator-access";
import { awsAggregatorAccess } from "../observability/realm-side";
import { AwsLogForwarder } from "../../constructs/observability/aws-log-forwarder";
import { realmLogForwarder } from "../observability/log-forwarding";
import { AwsRuntimeConfig } from "../../constructs/runtime/aws";
import { AwsServices } from "../../constructs/services/aws";
import { AwsStorage } from "../../constructs/storage/aws";
import { realmTags } from "../model/tags";
import { expandStateTemplate, stateKey, type ProviderKit } from "./kit";
import { configureBackend } from "./backend";
import { commonOutput } from "./outputs";
import { databaseWiring } from "./database";
import { componentProps, maxNodes } from "./props";
import { publishesRuntimeConfig } from "../runtime/document";
import { runtimeConfigProps } from "./runtime-config";

export const awsKit: ProviderKit = {
  provider: "aws",

  configure(stack, realm, target, options) {
    new AwsProvider(stack, "aws", {
      region: target.region,
      defaultTags: [{ tags: realmTags(realm.config, target) }],
      // Offline the provider cannot look up the caller's account, so the account guard would
      // reject every plan ("AWS account ID not allowed"); it protects real deploys only.
      ...(options.offline
        ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: "true" }
        : { allowedAccountIds: [target.account] }),
    });
    configureBackend("aws", stack, realm, target, options, (state) => {
      const backend = new S3Backend(stack, {
        bucket: expandStateTemplate(state.bucket, realm, target),
        region: expandStateTemplate(state.region, realm, target),
        key: stateKey(state.keyPrefix, realm, target),
        encrypt: true,
      });
      // cdktf 0.21's S3Backend has no field for S3-native locking yet.
      backend.addOverride("use_lockfile", true);
    });
  },

  build(stack: TerraformStack, realm, target) {
    const props = componentProps(realm, target);
    const has = (c: Parameters<typeof target.components.has>[0]) => target.components.has(c);

    const account = { accountId: target.account, region: target.region };
    const keys = new AwsKeys(stack, "keys", { ...props.keys, ...account });
    const network = has("network") ? new AwsNetwork(stack, "network", { ...props.network, ...account, keyArn: keys.keyArn }) : undefined;

    const database =
      has("database") && props.database && network
        ? new AwsDatabase(stack, "database", {
            ...props.database,
            ...account,
            keyArn: keys.keyArn,
            vpcId: network.vpcId,
            subnetIds: network.databaseSubnetIds,
            clientCidrs: network.privateSubnetCidrs,
          })
        : undefined;
    const db = databaseWiring(stack, database, "name");

    if (has("dns") && props.dns && network) {
      new AwsDns(stack, "dns", { ...props.dns, records: db.records, vpcId: network.vpcId });
    }

    const cluster =
      has("cluster") && props.cluster && network
        ? new AwsCluster(stack, "cluster", {
            ...props.cluster,
            keyArn: keys.keyArn,
            vpcId: network.vpcId,
            vpcCidr: props.network.cidr,
            subnetIds: network.privateSubnetIds,
            adminPrincipalArns: target.cloud.deployIdentity ? [target.cloud.deployIdentity] : [],
            instanceTags: realmTags(realm.config, target),
          })
        : undefined;
    if (cluster) commonOutput(stack, "clusterName", cluster.clusterName);

    const storage =
      has("storage") && props.storage
        ? new AwsStorage(stack, "storage", {
            ...props.storage,
            keyArn: keys.keyArn,
            accessLogging: { ...account, retentionDays: props.storage.accessLogRetentionDays ?? 365 },
          })
        : undefined;
    if (storage) commonOutput(stack, "bucketNames", storage.bucketNames);

    const services =
      has("services") && props.services && network
        ? new AwsServices(stack, "services", { ...props.services, keyArn: keys.keyArn, egressAcl: network.egressAcl })
        : undefined;

    const observability =
      has("observability") && props.observability
        ? new AwsObservability(stack, "observability", {
            ...props.observability,
            keyArn: keys.keyArn,
            accountId: target.account,
            database:
              database?.choice.kind === "managed" && database.instanceId
                ? { instanceId: database.instanceId, allocatedStorageGb: database.choice.spec.storageGb }
                : undefined,
            cluster: cluster && { clusterName: cluster.clusterName, nodeRoleName: cluster.nodeRoleName, maxNodes: maxNodes(props) },
            storage: storage && {
              bucketIds: Object.keys(storage.buckets),
              bucketNames: Object.values(storage.buckets).map((b) => b.bucket.bucket),
            },
          })
        : undefined;

    const aggregatorAccess = awsAggregatorAccess(realm, target);
    if (aggregatorAccess) new AwsAggregatorAccess(stack, "aggregator-access", aggregatorAccess);

    // Platform logs go to Datadog only when the fleet plan allows it (a site inside the residency).
    const forwarder = realmLogForwarder(realm, target);
    if (forwarder) {
      new AwsLogForwarder(stack, "log-forwarder", {
        forwarder,
        accountId: target.account,
        keyArn: keys.keyArn,
        logRetentionDays: props.observability?.logRetentionDays ?? props.network.flowLogRetentionDays,
        logGroups: {
          ...(network ? { "flow-logs": network.flowLogGroupName } : {}),
          ...(cluster ? { "control-plane": cluster.controlPlaneLogGroupName } : {}),
          ...(observability ? { app: observability.appLogGroupName } : {}),
        },
        databaseInstances: database?.identifierName ? { database: database.identifierName } : {},
      });
    }

    if (cluster && publishesRuntimeConfig(target)) {
      const runtime = new AwsRuntimeConfig(stack, "runtime-config", {
        ...runtimeConfigProps(realm, target, {
          databaseHost: db.runtimeHost,
          databaseSecret: database?.credentialsSecretArn,
          serviceSecrets: services?.secretArns ?? {},
          buckets: storage ? Object.fromEntries(Object.entries(storage.buckets).map(([name, b]) => [name, b.bucket.bucket])) : {},
          observability: observability ? { alertTopicArn: observability.topicArn, logGroup: observability.appLogGroupName } : {},
        }),
        keyArn: keys.keyArn,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuerUrl: cluster.oidcIssuerUrl,
      });
      new TerraformOutput(stack, "runtime_config_parameter", { value: runtime.parameterName });
      new TerraformOutput(stack, "app_role_arn", { value: runtime.roleArn });
    }
  },
};
