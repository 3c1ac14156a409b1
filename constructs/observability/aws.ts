import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { NAME_PREFIX, resourceName } from "../../lib/model/naming";
import { accountRootArn } from "../aws-partition";
import { alertsOf, type ObservabilityProps } from "./index";
import { AwsDatabaseAlarms } from "./aws-database-alarms";
import { AwsClusterAlarms, AwsStorageAlarms, type AwsClusterTarget } from "./aws-platform-alarms";
import { cloudWatchRetentionDays } from "./cloudwatch-retention";
import { constructIdPart } from "../construct-id";

/** The RDS instance to watch. */
export interface AwsDatabaseTarget {
  /** DB instance identifier (`aws_db_instance.identifier`), the CloudWatch `DBInstanceIdentifier`. */
  readonly instanceId: string;
  /** Allocated storage in GiB. */
  readonly allocatedStorageGb: number;
}

export interface AwsObservabilityProps extends ObservabilityProps {
  /** KMS key encrypting the alert topic and the application log group. */
  readonly keyArn: string;
  /** The realm's AWS account; the topic policy limits publishers to it. */
  readonly accountId: string;
  /** @default undefined (no database alarms, e.g. for an external database) */
  readonly database?: AwsDatabaseTarget;
  /** @default undefined (no cluster alarms) */
  readonly cluster?: AwsClusterTarget;
  /** The realm's buckets: ids as configured and their S3 names. @default none (no storage alarms) */
  readonly storage?: { readonly bucketIds: readonly string[]; readonly bucketNames: readonly string[] };
}

/** AWS services that publish the realm's alerts. */
const ALERT_PUBLISHERS = ["cloudwatch.amazonaws.com", "events.rds.amazonaws.com"];

/**
 * Alert routing for a realm: a KMS-encrypted SNS topic with one e-mail subscription per alert
 * address, the realm's alerts as CloudWatch alarms on the database, cluster and buckets it is
 * given, and the encrypted application log group.
 */
export class AwsObservability extends Construct {
  readonly topicArn: string;
  readonly appLogGroupName: string;
  readonly appLogGroupArn: string;

  constructor(scope: Construct, id: string, props: AwsObservabilityProps) {
    super(scope, id);
    const { realm } = props;

    const topic = new SnsTopic(this, "alerts", {
      name: resourceName("aws", "default", realm, "alerts"),
      displayName: `IBC ${realm} alerts`,
      kmsMasterKeyId: props.keyArn,
      // SHA256 message signatures instead of SHA1.
      signatureVersion: 2,
    });
    this.topicArn = topic.arn;

    const policy = new DataAwsIamPolicyDocument(this, "alerts-policy", {
      statement: [
        {
          sid: "AccountManagesTopic",
          principals: [{ type: "AWS", identifiers: [accountRootArn(props.accountId)] }],
          actions: [
            "SNS:GetTopicAttributes",
            "SNS:SetTopicAttributes",
            "SNS:AddPermission",
            "SNS:RemovePermission",
            "SNS:DeleteTopic",
            "SNS:Subscribe",
            "SNS:ListSubscriptionsByTopic",
            "SNS:Publish",
          ],
          resources: [topic.arn],
        },
        {
          sid: "AlarmsAndEventsPublish",
          principals: [{ type: "Service", identifiers: ALERT_PUBLISHERS }],
          actions: ["SNS:Publish"],
          resources: [topic.arn],
          // Only this account's alarms and events, never another account's (confused deputy).
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }],
        },
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["SNS:Publish"],
          resources: [topic.arn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new SnsTopicPolicy(this, "alerts-topic-policy", { arn: topic.arn, policy: policy.json });

    // An e-mail subscription stays pending until its recipient confirms it.
    // Keyed by address, so reordering the list never re-sends confirmations.
    [...new Set(props.alertEmails)].forEach(
      (email) =>
        new SnsTopicSubscription(this, `email-${constructIdPart(email)}`, { topicArn: topic.arn, protocol: "email", endpoint: email }),
    );

    if (props.database) {
      new AwsDatabaseAlarms(this, "database", {
        realm,
        instanceId: props.database.instanceId,
        allocatedStorageGb: props.database.allocatedStorageGb,
        topicArn: topic.arn,
        alerts: alertsOf(props),
      });
    }
    if (props.cluster)
      new AwsClusterAlarms(this, "cluster", { realm, topicArn: topic.arn, cluster: props.cluster, alerts: alertsOf(props) });
    if (props.storage) new AwsStorageAlarms(this, "storage", { realm, topicArn: topic.arn, ...props.storage, alerts: alertsOf(props) });

    // CloudWatch groups logs by path; `resourceName` makes dash-joined names, so the path is
    // built here from the same prefix and realm id.
    const appLogs = new CloudwatchLogGroup(this, "app-logs", {
      name: `/${NAME_PREFIX}/${realm}/app`,
      kmsKeyId: props.keyArn,
      retentionInDays: cloudWatchRetentionDays(props.logRetentionDays, realm),
    });
    this.appLogGroupName = appLogs.name;
    this.appLogGroupArn = appLogs.arn;
  }
}
