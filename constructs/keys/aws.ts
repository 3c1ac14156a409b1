import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { AWS_PARTITION, accountRootArn } from "../aws-partition";
import { keyPeriods, type KeysProps } from "./index";

export interface AwsKeysProps extends KeysProps {
  /** AWS account id of the realm; the key policy grants this account (never `*` unconditionally). */
  readonly accountId: string;
  /** Region of the stack; CloudWatch Logs and the via-service grants are regional principals. */
  readonly region: string;
}

/** Services that may use the key on behalf of principals of the realm account (the AWS-managed-key pattern). */
const VIA_SERVICES = ["sns", "secretsmanager", "ssm", "rds", "s3", "eks", "ec2"] as const;

// AWS limits: rotation period 90..2560 days, deletion window 7..30 days.
const ROTATION_RANGE = [90, 2560] as const;
const DELETION_WINDOW_RANGE = [7, 30] as const;

/**
 * The realm's customer-managed KMS key: one symmetric key that encrypts every other component
 * (database, secrets, logs, buckets, cluster secrets), rotated automatically and never destroyed
 * by Terraform.
 */
export class AwsKeys extends Construct {
  readonly keyArn: string;
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: AwsKeysProps) {
    super(scope, id);
    const { rotationDays, deletionWindowDays } = keyPeriods(
      props,
      { rotationDays: ROTATION_RANGE, deletionWindowDays: DELETION_WINDOW_RANGE },
      { code: "RK-AWS-KEYS-RANGE", cloud: "AWS" },
    );

    const key = new KmsKey(this, "key", {
      description: `Customer-managed key of realm ${props.realm}: encrypts its databases, secrets, logs and buckets`,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: true,
      rotationPeriodInDays: rotationDays,
      deletionWindowInDays: deletionWindowDays,
      policy: keyPolicy(this, props).json,
      // Losing the key makes every encrypted backup, snapshot and secret of the realm unreadable.
      lifecycle: { preventDestroy: true },
    });

    new KmsAlias(this, "alias", {
      name: `alias/${resourceName("aws", "kmsAlias", props.realm)}`,
      targetKeyId: key.keyId,
    });

    this.keyArn = key.arn;
    this.keyId = key.keyId;
  }
}

function keyPolicy(scope: Construct, props: AwsKeysProps): DataAwsIamPolicyDocument {
  const account = props.accountId;
  const region = props.region;
  return new DataAwsIamPolicyDocument(scope, "policy", {
    statement: [
      {
        // Without this the key becomes unmanageable; IAM policies of the account then decide who may use it.
        sid: "AccountAdministersKeyThroughIam",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [accountRootArn(account)] }],
        actions: ["kms:*"],
        resources: ["*"],
      },
      {
        // Log groups (VPC flow logs, EKS control plane, RDS exports) are encrypted by the Logs service itself,
        // limited to log groups of this account and region by the encryption context.
        sid: "CloudWatchLogsEncryptsRealmLogGroups",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        condition: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [`arn:${AWS_PARTITION}:logs:${region}:${account}:log-group:*`],
          },
        ],
      },
      {
        // Principals of this account may use the key only through these services (secrets, RDS, S3, EKS,
        // EBS volumes of node groups, SNS), so reading a secret needs secret permissions, not key permissions.
        // Service-linked roles (e.g. Auto Scaling for encrypted node volumes) have no IAM policy for
        // customer keys and rely on this statement.
        sid: "AccountPrincipalsUseKeyViaRealmServices",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
        resources: ["*"],
        condition: [
          { test: "StringEquals", variable: "kms:CallerAccount", values: [account] },
          { test: "StringEquals", variable: "kms:ViaService", values: VIA_SERVICES.map((s) => `${s}.${region}.amazonaws.com`) },
        ],
      },
      {
        // The realm's data-access trail (S3 data events) encrypts its log files itself, limited to
        // trails of this account by the encryption context.
        sid: "CloudTrailEncryptsRealmTrails",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
        actions: ["kms:GenerateDataKey*", "kms:DescribeKey"],
        resources: ["*"],
        condition: [
          {
            test: "StringLike",
            variable: "kms:EncryptionContext:aws:cloudtrail:arn",
            values: [`arn:${AWS_PARTITION}:cloudtrail:*:${account}:trail/*`],
          },
          { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
        ],
      },
      {
        // CloudWatch alarms and RDS event notifications publish to the realm's encrypted SNS topics as
        // the services themselves, outside any account principal.
        sid: "AlertSourcesPublishToEncryptedTopics",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "events.rds.amazonaws.com"] }],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
      },
    ],
  });
}
