import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Token, type ITerraformDependable } from "../../lib/cdktf";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import type { NodePoolSpec, NodePoolSurge } from "./index";

export const DEFAULT_NODE_DISK_GB = 100;

export interface AwsNodePoolProps {
  readonly realm: string;
  /** From the realm's `cluster.surge`; EKS takes only max_unavailable (at least 1) and surges by itself. */
  readonly surge?: NodePoolSurge;
  readonly pool: NodePoolSpec;
  /** Cluster name (a token, so the pool waits for the cluster). */
  readonly clusterName: string;
  /** Kubernetes version of the cluster; node groups follow control-plane upgrades. */
  readonly version: string;
  readonly nodeRoleArn: string;
  readonly subnetIds: readonly string[];
  /** KMS key encrypting the root volumes. */
  readonly keyArn: string;
  /**
   * Tags for the instances, volumes and network interfaces the node group launches. Provider
   * `default_tags` reach the node group and launch template but not what the Auto Scaling
   * group launches from it.
   * @default {}
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
  /** @default 1 (see `ClusterProps.metadataHopLimit`) */
  readonly imdsHopLimit?: 1 | 2;
  /** Resources that must exist before and outlive the node group (IAM policy attachments). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * EKS AMI type for an instance type: Graviton families carry a `g` in their attribute letters
 * (m6g, c7gn, r6gd, t4g) and need the ARM image; everything else runs the x86 image.
 */
export function amiTypeFor(instanceType: string): string {
  const attributes = /^[a-z]+\d+([a-z-]*)\./.exec(instanceType)?.[1] ?? "";
  return attributes.includes("g") ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/**
 * Nodes Terraform starts with: at least one, so a pool with `min: 0` still gets a node to
 * schedule on at creation, and never above `max`. After creation the autoscaler owns it.
 */
export function initialDesiredSize(min: number, max: number): number {
  return Math.min(Math.max(min, 1), max);
}

/**
 * One EKS managed node group with a launch template: encrypted gp3 root volume with the realm
 * key, IMDSv2 only, one node replaced at a time.
 */
export class AwsNodePool extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: AwsNodePoolProps) {
    super(scope, id);
    const { pool, realm } = props;
    const name = resourceName("aws", "default", realm, "nodes", pool.name);
    const tags = { ...(props.instanceTags ?? {}), Name: name };

    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name,
      description: `EKS node pool ${pool.name} of realm ${realm}`,
      // Nodes pick up a new template version through a rolling update of the node group.
      updateDefaultVersion: true,
      blockDeviceMappings: [
        {
          // Root device of the AL2023 EKS AMIs.
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: pool.diskGb ?? DEFAULT_NODE_DISK_GB,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: props.keyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: props.imdsHopLimit ?? 1,
        instanceMetadataTags: "disabled",
      },
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
    });

    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupName: name,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      version: props.version,
      amiType: amiTypeFor(pool.sku),
      capacityType: "ON_DEMAND",
      instanceTypes: [pool.sku],
      scalingConfig: {
        minSize: pool.min,
        maxSize: pool.max,
        desiredSize: initialDesiredSize(pool.min, pool.max),
      },
      updateConfig: { maxUnavailable: Math.max(1, props.surge?.maxUnavailable ?? 1) },
      nodeRepairConfig: { enabled: true },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      labels: { "realmkit.io/realm": realm, "realmkit.io/node-pool": pool.name },
      tags: { "realmkit.io/node-pool": pool.name },
      dependsOn: props.dependsOn,
      // The cluster autoscaler changes the desired size; Terraform must not scale it back.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
    });
  }
}
