import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { TerraformVariable } from "../../lib/cdktf";
import { accountRootArn, awsManagedPolicyArn } from "../aws-partition";

export interface AwsAggregatorAccessProps {
  readonly aggregator: "datadog" | "newrelic";
  /** The role's name, which the fleet stack names in its integration. */
  readonly roleName: string;
  /** The aggregator's AWS account, the only principal the role trusts. */
  readonly trustedAccount: string;
  /**
   * The external id the aggregator presents: New Relic's is the New Relic account id (known
   * from the config); Datadog generates one per integration, so it arrives as a Terraform
   * input (`variableName`) set from the fleet stack's output.
   */
  readonly externalId?: string;
  /** @default "datadog_aws_external_id" when no `externalId` is given */
  readonly variableName?: string;
}

/**
 * Read-only actions Datadog's AWS integration needs for the realm's metrics, tags and
 * resources (Datadog's integration policy, narrowed to the services a realm runs).
 */
export const DATADOG_READ_ACTIONS = [
  "cloudwatch:Describe*",
  "cloudwatch:Get*",
  "cloudwatch:List*",
  "ec2:Describe*",
  "eks:Describe*",
  "eks:List*",
  "logs:Describe*",
  "logs:FilterLogEvents",
  "logs:TestMetricFilter",
  "rds:Describe*",
  "rds:List*",
  "s3:GetBucketLocation",
  "s3:GetBucketLogging",
  "s3:GetBucketTagging",
  "s3:ListAllMyBuckets",
  "tag:GetResources",
  "tag:GetTagKeys",
  "tag:GetTagValues",
] as const;

/**
 * The role an aggregator assumes in the realm's AWS account: trusted only by the aggregator's
 * account and only with the external id (no confused deputy), allowed to read metrics, tags
 * and resource descriptions, never data.
 */
export class AwsAggregatorAccess extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: AwsAggregatorAccessProps) {
    super(scope, id);
    let externalId = props.externalId;
    if (externalId === undefined) {
      const name = props.variableName ?? "datadog_aws_external_id";
      const input = new TerraformVariable(this, name, {
        type: "string",
        default: "",
        nullable: false,
        description:
          "External id of the Datadog AWS integration of this account (output datadog_aws_external_id_<realm> of the fleet-observability stack); empty: nobody can assume the role yet",
      });
      input.overrideLogicalId(name);
      externalId = input.stringValue;
    }
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "AWS", identifiers: [accountRootArn(props.trustedAccount)] }],
          // STS rejects external ids shorter than two characters: an empty one matches no caller.
          condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: [externalId] }],
        },
      ],
    });
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: `${props.aggregator} reads this realm's metrics, tags and resource descriptions (Realmkit fleet-observability)`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    if (props.aggregator === "datadog") {
      const read = new DataAwsIamPolicyDocument(this, "read", { statement: [{ actions: [...DATADOG_READ_ACTIONS], resources: ["*"] }] });
      new IamRolePolicy(this, "read-policy", { name: "datadog-read", role: role.name, policy: read.json });
    } else {
      // New Relic's documented policy for its AWS integration.
      new IamRolePolicyAttachment(this, "read-policy", { role: role.name, policyArn: awsManagedPolicyArn("ReadOnlyAccess") });
    }
    this.roleArn = role.arn;
  }
}
