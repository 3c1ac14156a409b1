import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { AWS_PARTITION } from "../aws-partition";
import { cloudWatchRetentionDays } from "../observability/cloudwatch-retention";

export interface AwsFlowLogsProps {
  readonly realm: string;
  readonly vpcId: string;
  /** Key the log group is encrypted with (its policy must admit `logs.<region>.amazonaws.com`). */
  readonly keyArn: string;
  readonly retentionDays: number;
  /** Account and region that may assume the delivery role: guards against the confused deputy. */
  readonly accountId: string;
  readonly region: string;
}

/** Flow logs of all VPC traffic into an encrypted, retained CloudWatch log group. */
export class AwsFlowLogs extends Construct {
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: AwsFlowLogsProps) {
    super(scope, id);
    const name = resourceName("aws", "default", props.realm, "vpc-flow-logs");

    const group = new CloudwatchLogGroup(this, "log-group", {
      name,
      kmsKeyId: props.keyArn,
      retentionInDays: cloudWatchRetentionDays(props.retentionDays, props.realm),
    });

    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: [`arn:${AWS_PARTITION}:ec2:${props.region}:${props.accountId}:vpc-flow-log/*`],
            },
          ],
        },
      ],
    });
    const role = new IamRole(this, "role", {
      name: resourceName("aws", "iamRole", props.realm, "vpc-flow-logs"),
      assumeRolePolicy: trust.json,
    });

    // Only this log group: the delivery role cannot write into any other log group of the account.
    const write = new DataAwsIamPolicyDocument(this, "write", {
      statement: [
        {
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
          resources: [group.arn, `${group.arn}:*`],
        },
      ],
    });
    new IamRolePolicy(this, "role-policy", { name: "deliver-flow-logs", role: role.id, policy: write.json });

    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      tags: { Name: name },
    });

    this.logGroupName = group.name;
  }
}
