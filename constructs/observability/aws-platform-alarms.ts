import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { awsManagedPolicyArn } from "../aws-partition";
import { constructIdPart } from "../construct-id";
import { cloudWatchAlarm } from "./aws-alarm";
import type { ResolvedAlert } from "./index";

/** The EKS cluster to watch. */
export interface AwsClusterTarget {
  readonly clusterName: string;
  /** Name of the node IAM role: the CloudWatch agent on the nodes publishes with it. */
  readonly nodeRoleName: string;
  /** Sum of the node pools' maximum sizes, the base of the capacity threshold. */
  readonly maxNodes: number;
}

/** Node count above which the capacity alarm fires: `percent` of the pools' ceiling, at least one node. */
export function capacityThresholdNodes(maxNodes: number, percent: number): number {
  return Math.max(1, Math.floor((maxNodes * percent) / 100));
}

/**
 * Node health and node-pool capacity alarms on EKS. Both read Container Insights, which the
 * `amazon-cloudwatch-observability` add-on publishes from the nodes (EKS itself sends no node
 * metrics), so the add-on and the agent's policy on the node role come with the alarms.
 */
export class AwsClusterAlarms extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { realm: string; topicArn: string; cluster: AwsClusterTarget; alerts: readonly ResolvedAlert[] },
  ) {
    super(scope, id);
    const alerts = props.alerts.filter((a) => a.component === "cluster");
    if (alerts.length === 0) return;
    const { realm, cluster } = props;
    new IamRolePolicyAttachment(this, "agent-policy", {
      role: cluster.nodeRoleName,
      policyArn: awsManagedPolicyArn("CloudWatchAgentServerPolicy"),
    });
    new EksAddon(this, "container-insights", { clusterName: cluster.clusterName, addonName: "amazon-cloudwatch-observability" });
    for (const alert of alerts) {
      const capacity = alert.id === "nodePoolCapacity";
      const threshold = capacity ? capacityThresholdNodes(cluster.maxNodes, alert.threshold) : alert.threshold;
      const name = capacity ? "node-capacity" : "nodes-failed";
      cloudWatchAlarm(this, name, {
        realm,
        name: resourceName("aws", "default", realm, "eks", name),
        alert,
        description: `Realm ${realm}: ${alert.condition}${capacity ? ` (more than ${threshold} of ${cluster.maxNodes} nodes)` : ""}`,
        namespace: "ContainerInsights",
        metric: capacity ? "cluster_node_count" : "cluster_failed_node_count",
        statistic: "Maximum",
        dimensions: { ClusterName: cluster.clusterName },
        threshold,
        topicArn: props.topicArn,
      });
    }
  }
}

/** Request metrics filter id: S3 publishes 5xxErrors only for buckets with a metrics configuration. */
export const S3_METRICS_FILTER = "EntireBucket";

/** 5xx error alarms per S3 bucket, with the request-metrics configuration that makes S3 publish them. */
export class AwsStorageAlarms extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      realm: string;
      topicArn: string;
      bucketNames: readonly string[];
      bucketIds: readonly string[];
      alerts: readonly ResolvedAlert[];
    },
  ) {
    super(scope, id);
    const alert = props.alerts.find((a) => a.id === "storageErrors");
    if (!alert) return;
    props.bucketIds.forEach((bucketId, i) => {
      const bucket = props.bucketNames[i]!;
      const part = constructIdPart(bucketId);
      new S3BucketMetric(this, `metrics-${part}`, { bucket, name: S3_METRICS_FILTER });
      cloudWatchAlarm(this, `errors-${part}`, {
        realm: props.realm,
        name: resourceName("aws", "default", props.realm, "s3", bucketId, "5xx"),
        alert,
        description: `Realm ${props.realm}: ${alert.condition} on bucket ${bucketId}`,
        namespace: "AWS/S3",
        metric: "5xxErrors",
        statistic: "Sum",
        dimensions: { BucketName: bucket, FilterId: S3_METRICS_FILTER },
        threshold: alert.threshold,
        topicArn: props.topicArn,
      });
    });
  }
}
