import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { awsManagedPolicyArn, eksAccessPolicyArn } from "../aws-partition";
import { constructIdPart } from "../construct-id";
import { cloudWatchRetentionDays } from "../observability/cloudwatch-retention";
import type { ClusterProps } from "./index";
import { AwsNodePool } from "./aws-node-pool";

/** Every EKS control-plane log type: CKV_AWS_37 and audit trails need all five. */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export const EKS_CLUSTER_POLICIES = ["AmazonEKSClusterPolicy"] as const;
export const EKS_NODE_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonEC2ContainerRegistryReadOnly",
  "AmazonSSMManagedInstanceCore",
] as const;

export interface AwsClusterProps extends ClusterProps {
  /** KMS key encrypting Kubernetes secrets, control-plane logs and node volumes. */
  readonly keyArn: string;
  readonly vpcId: string;
  /** The realm network; the only source besides `authorizedNetworks` allowed to reach the API. */
  readonly vpcCidr: string;
  /** Private subnets for the control-plane interfaces and the nodes. */
  readonly subnetIds: readonly string[];
  /**
   * IAM principals (role ARNs) given cluster-admin through EKS access entries, typically the
   * realm's deploy identity. The cluster creator gets no implicit admin rights, so who can
   * administer the cluster is visible in the stack.
   * @default [] (no one until an access entry is added)
   */
  readonly adminPrincipalArns?: readonly string[];
  /**
   * Tags for instances, volumes and network interfaces the node groups launch (provider
   * `default_tags` do not reach them), typically the realm tags.
   * @default {}
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

/**
 * The realm's EKS cluster: private API endpoint reachable only from the realm network and
 * authorized networks, secrets envelope-encrypted with the realm key, all control-plane logs in
 * an encrypted log group, managed node groups with encrypted disks and IMDSv2, and an IAM OIDC
 * provider for IAM roles for service accounts (IRSA).
 */
export class AwsCluster extends Construct {
  readonly clusterName: string;
  readonly clusterArn: string;
  /** The control plane's CloudWatch log group (the log forwarder subscribes to it). */
  readonly controlPlaneLogGroupName: string;
  /** The security group EKS creates for control plane and nodes (for rules of other components). */
  readonly clusterSecurityGroupId: string;
  readonly nodeRoleArn: string;
  /** Name of the node role, for add-ons whose agents publish with the node identity. */
  readonly nodeRoleName: string;
  /** IAM OIDC provider for IRSA trust policies (`<issuer host/path>:sub` conditions). */
  readonly oidcProviderArn: string;
  readonly oidcIssuerUrl: string;
  readonly cluster: EksCluster;
  readonly nodePools: readonly AwsNodePool[];

  constructor(scope: Construct, id: string, props: AwsClusterProps) {
    super(scope, id);
    const { realm } = props;
    const name = resourceName("aws", "default", realm, "eks");
    const retentionInDays = cloudWatchRetentionDays(props.logRetentionDays, realm);

    const clusterRole = this.serviceRole("cluster-role", resourceName("aws", "iamRole", realm, "eks", "cluster"), "eks.amazonaws.com");
    const clusterAttachments = EKS_CLUSTER_POLICIES.map(
      (policy) =>
        new IamRolePolicyAttachment(this, `cluster-${policy}`, { role: clusterRole.name, policyArn: awsManagedPolicyArn(policy) }),
    );
    // EKS envelope-encrypts secrets with the key through the cluster role.
    const secretsKeyPolicy = new IamRolePolicy(this, "cluster-kms", {
      name: "secrets-encryption",
      role: clusterRole.id,
      policy: new DataAwsIamPolicyDocument(this, "cluster-kms-policy", {
        statement: [
          {
            sid: "SecretsEnvelopeEncryption",
            actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
            resources: [props.keyArn],
          },
        ],
      }).json,
    });

    // EKS would create this group itself, unencrypted and kept forever, if it did not exist first.
    const logGroup = new CloudwatchLogGroup(this, "control-plane-logs", {
      name: `/aws/eks/${name}/cluster`,
      kmsKeyId: props.keyArn,
      retentionInDays,
    });

    const apiSecurityGroup = new SecurityGroup(this, "api-sg", {
      name: resourceName("aws", "default", realm, "eks", "api"),
      description: `EKS API endpoint of realm ${realm}: HTTPS from the realm network and authorized networks`,
      vpcId: props.vpcId,
    });
    const apiSources = [...new Set([props.vpcCidr, ...(props.authorizedNetworks ?? [])])];
    apiSources.forEach(
      (cidr, i) =>
        new VpcSecurityGroupIngressRule(this, `api-https-${constructIdPart(cidr)}`, {
          securityGroupId: apiSecurityGroup.id,
          description: i === 0 ? "Kubernetes API from the realm network" : "Kubernetes API from an authorized network",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: cidr,
        }),
    );

    this.cluster = new EksCluster(this, "cluster", {
      name,
      version: props.version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
        securityGroupIds: [apiSecurityGroup.id],
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: props.keyArn } },
      enabledClusterLogTypes: [...EKS_LOG_TYPES],
      accessConfig: {
        authenticationMode: "API",
        // Admins come from explicit access entries below. The flag forces a new cluster when
        // changed, so it is fixed rather than derived from whether admins are listed.
        bootstrapClusterCreatorAdminPermissions: false,
      },
      dependsOn: [logGroup, secretsKeyPolicy, ...clusterAttachments],
    });
    this.clusterName = this.cluster.name;
    this.controlPlaneLogGroupName = logGroup.name;
    this.clusterArn = this.cluster.arn;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    [...new Set(props.adminPrincipalArns ?? [])].forEach((principalArn) => {
      const key = constructIdPart(principalArn);
      const entry = new EksAccessEntry(this, `admin-${key}`, { clusterName: this.cluster.name, principalArn, type: "STANDARD" });
      new EksAccessPolicyAssociation(this, `admin-${key}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: eksAccessPolicyArn("AmazonEKSClusterAdminPolicy"),
        accessScope: { type: "cluster" },
      });
    });

    // IRSA. IAM trusts EKS issuers through its own CA library, so no thumbprint (which would
    // need a TLS lookup and break offline plans) is required: the provider accepts none.
    const oidc = new IamOpenidConnectProvider(this, "oidc", {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ["sts.amazonaws.com"],
    });
    this.oidcProviderArn = oidc.arn;
    this.oidcIssuerUrl = oidc.url;

    const nodeRole = this.serviceRole("node-role", resourceName("aws", "iamRole", realm, "eks", "node"), "ec2.amazonaws.com");
    const nodeAttachments = EKS_NODE_POLICIES.map(
      (policy) => new IamRolePolicyAttachment(this, `node-${policy}`, { role: nodeRole.name, policyArn: awsManagedPolicyArn(policy) }),
    );
    this.nodeRoleArn = nodeRole.arn;
    this.nodeRoleName = nodeRole.name;

    this.nodePools = props.nodePools.map(
      (pool) =>
        new AwsNodePool(this, `pool-${pool.name}`, {
          realm,
          pool,
          clusterName: this.cluster.name,
          version: this.cluster.version,
          nodeRoleArn: nodeRole.arn,
          subnetIds: props.subnetIds,
          keyArn: props.keyArn,
          instanceTags: props.instanceTags,
          imdsHopLimit: props.metadataHopLimit,
          surge: props.surge,
          // Nodes need their permissions to join, and must be gone before the permissions go.
          dependsOn: nodeAttachments,
        }),
    );
  }

  private serviceRole(id: string, name: string, service: string): IamRole {
    const trust = new DataAwsIamPolicyDocument(this, `${id}-trust`, {
      statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: [service] }] }],
    });
    return new IamRole(this, id, { name, assumeRolePolicy: trust.json });
  }
}
