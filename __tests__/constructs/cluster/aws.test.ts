import { AwsCluster, type AwsClusterProps } from "../../../constructs/cluster/aws";
import { amiTypeFor, initialDesiredSize } from "../../../constructs/cluster/aws-node-pool";
import { RealmkitError } from "../../../lib/config/errors";
import { resourcesOf, synthStack } from "../../helpers/synth";
import { KEY_ARN, ref, sampleProps, synthTree } from "../aws-sample";

const DEPLOY_ROLE = "arn:aws:iam::111122223333:role/realmkit-deploy";

function us2Props(overrides: Partial<AwsClusterProps> = {}): AwsClusterProps {
  const props = sampleProps("us2");
  return {
    ...props.cluster!,
    keyArn: KEY_ARN,
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: props.network.cidr,
    subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
    adminPrincipalArns: [DEPLOY_ROLE],
    instanceTags: { realm: "us2", tier: "prod" },
    ...overrides,
  };
}

const synth = (props: AwsClusterProps) => synthTree((scope) => new AwsCluster(scope, "cluster", props));

describe("AwsCluster on the us2 sample realm", () => {
  const tree = synth(us2Props({ authorizedNetworks: ["192.168.10.0/24", "10.20.0.0/16"] }));
  const { json } = tree;
  const cluster = tree.res("aws_eks_cluster", "cluster");

  test("the API endpoint is private only, in the given subnets, behind the API security group", () => {
    const sg = tree.res("aws_security_group", "api-sg");
    expect(cluster.res.vpc_config).toEqual({
      endpoint_private_access: true,
      endpoint_public_access: false,
      subnet_ids: ["subnet-a", "subnet-b", "subnet-c"],
      security_group_ids: [ref("aws_security_group", sg.key, "id")],
    });
    expect(sg.res.vpc_id).toBe("vpc-0123456789abcdef0");
  });

  test("the API admits HTTPS only from the realm network and authorized networks, each once", () => {
    const rules = Object.values(resourcesOf(json, "aws_vpc_security_group_ingress_rule"));
    expect(rules.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port])).toEqual([
      ["10.20.0.0/16", "tcp", 443, 443],
      ["192.168.10.0/24", "tcp", 443, 443],
    ]);
    expect(resourcesOf(json, "aws_security_group_rule")).toEqual({});
  });

  test("name, version, secrets encryption with the realm key, all five log types, API auth", () => {
    expect(cluster.res.name).toBe("ibc-us2-eks");
    expect(cluster.res.version).toBe("1.30");
    expect(cluster.res.encryption_config).toEqual({ resources: ["secrets"], provider: { key_arn: KEY_ARN } });
    expect(cluster.res.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    expect(cluster.res.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
  });

  test("control-plane logs go to an encrypted group with the realm retention, created before the cluster", () => {
    const logs = tree.res("aws_cloudwatch_log_group", "control-plane-logs");
    expect(logs.res).toMatchObject({ name: "/aws/eks/ibc-us2-eks/cluster", kms_key_id: KEY_ARN, retention_in_days: 365 });
    expect(cluster.res.depends_on).toContain(`aws_cloudwatch_log_group.${logs.key}`);
  });

  test("the cluster role is trusted by EKS, carries AmazonEKSClusterPolicy and may use the key for secrets", () => {
    const role = tree.res("aws_iam_role", "cluster-role");
    expect(role.res.name).toBe("ibc-us2-eks-cluster");
    expect(cluster.res.role_arn).toBe(ref("aws_iam_role", role.key, "arn"));
    const trust = tree.data("aws_iam_policy_document", "cluster-role-trust");
    expect(trust.res.statement).toEqual([
      { actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["eks.amazonaws.com"] }] },
    ]);
    expect(attachedPolicies(role.key)).toEqual(["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]);
    const kms = tree.data("aws_iam_policy_document", "cluster-kms-policy");
    expect(kms.res.statement[0].resources).toEqual([KEY_ARN]);
    expect(kms.res.statement[0].actions).toEqual(["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]);
  });

  test("the node role is trusted by EC2 and carries exactly the four node policies", () => {
    const role = tree.res("aws_iam_role", "node-role");
    const trust = tree.data("aws_iam_policy_document", "node-role-trust");
    expect(trust.res.statement[0].principals).toEqual([{ type: "Service", identifiers: ["ec2.amazonaws.com"] }]);
    expect(attachedPolicies(role.key)).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
  });

  test("one node group per pool, sized from the realm and the size catalogue", () => {
    const general = tree.res("aws_eks_node_group", "pool-general/node-group").res;
    const batch = tree.res("aws_eks_node_group", "pool-batch/node-group").res;
    expect(Object.keys(resourcesOf(json, "aws_eks_node_group"))).toHaveLength(2);
    // medium -> m6i.xlarge, large -> m6i.2xlarge in the AWS size catalogue
    expect(general).toMatchObject({
      node_group_name: "ibc-us2-nodes-general",
      instance_types: ["m6i.xlarge"],
      ami_type: "AL2023_x86_64_STANDARD",
      capacity_type: "ON_DEMAND",
      scaling_config: { min_size: 3, max_size: 12, desired_size: 3 },
      update_config: { max_unavailable: 1 },
      subnet_ids: ["subnet-a", "subnet-b", "subnet-c"],
      version: ref("aws_eks_cluster", cluster.key, "version"),
      labels: { "realmkit.io/realm": "us2", "realmkit.io/node-pool": "general" },
    });
    // min 0 still starts with one node
    expect(batch).toMatchObject({ instance_types: ["m6i.2xlarge"], scaling_config: { min_size: 0, max_size: 6, desired_size: 1 } });
    for (const group of [general, batch]) {
      expect(group.lifecycle).toEqual({ ignore_changes: ["scaling_config[0].desired_size"] });
    }
  });

  test("node groups wait for the node role's policies", () => {
    const general = tree.res("aws_eks_node_group", "pool-general/node-group").res;
    const attachments = Object.entries(resourcesOf(json, "aws_iam_role_policy_attachment"))
      .filter(([, a]) => String(a.role).includes("node-role"))
      .map(([key]) => `aws_iam_role_policy_attachment.${key}`);
    expect(attachments).toHaveLength(4);
    expect([...general.depends_on].sort()).toEqual(attachments.sort());
  });

  test("nodes boot from an encrypted gp3 root volume with the realm key, IMDSv2 only, realm tags on instances", () => {
    const lt = tree.res("aws_launch_template", "pool-general/launch-template");
    const group = tree.res("aws_eks_node_group", "pool-general/node-group").res;
    expect(group.launch_template).toEqual({
      id: ref("aws_launch_template", lt.key, "id"),
      version: ref("aws_launch_template", lt.key, "latest_version"),
    });
    expect(lt.res.block_device_mappings).toEqual([
      {
        device_name: "/dev/xvda",
        ebs: { volume_size: 100, volume_type: "gp3", encrypted: "true", kms_key_id: KEY_ARN, delete_on_termination: "true" },
      },
    ]);
    expect(lt.res.metadata_options).toEqual({
      http_endpoint: "enabled",
      http_tokens: "required",
      http_put_response_hop_limit: 1,
      instance_metadata_tags: "disabled",
    });
    expect(lt.res.tag_specifications.map((t: any) => t.resource_type)).toEqual(["instance", "volume", "network-interface"]);
    expect(lt.res.tag_specifications[0].tags).toEqual({ realm: "us2", tier: "prod", Name: "ibc-us2-nodes-general" });
    // EKS manages the instance profile and disk size: neither may be in the template / group
    expect(lt.res.iam_instance_profile).toBeUndefined();
    expect(group.disk_size).toBeUndefined();
  });

  test("the deploy identity is cluster admin through an explicit access entry", () => {
    const entry = tree.res("aws_eks_access_entry", `admin-${DEPLOY_ROLE.replace(/\//g, "_")}`).res;
    expect(entry).toMatchObject({
      cluster_name: ref("aws_eks_cluster", cluster.key, "name"),
      principal_arn: DEPLOY_ROLE,
      type: "STANDARD",
    });
    const assoc = Object.values(resourcesOf(json, "aws_eks_access_policy_association"));
    expect(assoc).toHaveLength(1);
    expect(assoc[0]).toMatchObject({
      policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      access_scope: { type: "cluster" },
    });
  });

  test("an IAM OIDC provider for IRSA trusts the cluster issuer without a thumbprint", () => {
    const oidc = Object.values(resourcesOf(json, "aws_iam_openid_connect_provider"));
    expect(oidc).toHaveLength(1);
    expect(oidc[0]).toMatchObject({
      url: `\${aws_eks_cluster.${cluster.key}.identity[0].oidc[0].issuer}`,
      client_id_list: ["sts.amazonaws.com"],
    });
    expect(oidc[0]!.thumbprint_list).toBeUndefined();
  });

  function attachedPolicies(roleKey: string): string[] {
    return Object.values(resourcesOf(json, "aws_iam_role_policy_attachment"))
      .filter((a) => a.role === ref("aws_iam_role", roleKey, "name"))
      .map((a) => a.policy_arn)
      .sort();
  }
});

describe("AwsCluster options", () => {
  test("a pool's diskGb sizes the root volume", () => {
    const props = us2Props();
    const tree = synth({ ...props, nodePools: [{ name: "big", sku: "r6i.large", min: 1, max: 2, diskGb: 250 }] });
    expect(tree.res("aws_launch_template", "pool-big/launch-template").res.block_device_mappings[0].ebs.volume_size).toBe(250);
  });

  test("the IMDS hop limit is 1 by default and can be raised to 2 for workloads that cannot use IRSA", () => {
    const tree = synth(us2Props({ metadataHopLimit: 2 }));
    expect(tree.res("aws_launch_template", "pool-general/launch-template").res.metadata_options).toMatchObject({
      http_tokens: "required",
      http_put_response_hop_limit: 2,
    });
  });

  test("without admin principals there are no access entries and the creator still gets no implicit admin", () => {
    const tree = synth(us2Props({ adminPrincipalArns: undefined }));
    expect(resourcesOf(tree.json, "aws_eks_access_entry")).toEqual({});
    expect(tree.res("aws_eks_cluster", "cluster").res.access_config.bootstrap_cluster_creator_admin_permissions).toBe(false);
  });

  test("a retention CloudWatch does not accept fails at synth time with the nearest valid values", () => {
    const attempt = () => synth(us2Props({ logRetentionDays: 100 }));
    expect(attempt).toThrow(RealmkitError);
    expect(attempt).toThrow(
      expect.objectContaining({
        code: "RK-AWS-LOG-RETENTION",
        fix: expect.stringContaining("set observability.logRetentionDays to 90 or 120"),
      }),
    );
  });
});

describe("node pool helpers", () => {
  test.each([
    ["m6i.xlarge", "AL2023_x86_64_STANDARD"],
    ["t3.large", "AL2023_x86_64_STANDARD"],
    ["g5.xlarge", "AL2023_x86_64_STANDARD"],
    ["g4dn.xlarge", "AL2023_x86_64_STANDARD"],
    ["m7g.2xlarge", "AL2023_ARM_64_STANDARD"],
    ["c7gn.large", "AL2023_ARM_64_STANDARD"],
    ["r6gd.xlarge", "AL2023_ARM_64_STANDARD"],
    ["t4g.medium", "AL2023_ARM_64_STANDARD"],
  ])("%s runs %s", (sku, ami) => expect(amiTypeFor(sku)).toBe(ami));

  test.each([
    [0, 6, 1],
    [3, 12, 3],
    [0, 1, 1],
    [5, 5, 5],
  ])("min %i max %i starts with %i nodes", (min, max, desired) => expect(initialDesiredSize(min, max)).toBe(desired));
});

describe("AwsCluster as the AWS kit wires it (realm-us2 stack)", () => {
  const json = synthStack("realm-us2");

  test("the realm's deploy identity is the one cluster admin", () => {
    expect(Object.values(resourcesOf(json, "aws_eks_access_entry")).map((e) => e.principal_arn)).toEqual([DEPLOY_ROLE]);
  });

  test("nodes carry the realm tags provider default_tags cannot reach", () => {
    const defaultTags = json.provider!.aws![0].default_tags[0].tags;
    for (const lt of Object.values(resourcesOf(json, "aws_launch_template"))) {
      expect(lt.tag_specifications[0].tags).toEqual({ ...defaultTags, Name: lt.name });
    }
  });

  test("the API admits the realm network 10.20.0.0/16 only", () => {
    const apiRules = Object.values(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).filter((r) =>
      String(r.security_group_id).startsWith("${aws_security_group.cluster_api-sg_"),
    );
    expect(apiRules.map((r) => r.cidr_ipv4)).toEqual(["10.20.0.0/16"]);
    const eks = Object.values(resourcesOf(json, "aws_eks_cluster"))[0]!;
    expect(eks.vpc_config.endpoint_public_access).toBe(false);
  });
});
