import { CloudformationStack } from "@cdktf/provider-aws/lib/cloudformation-stack";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { DATADOG_FORWARDER_TEMPLATE_URL, datadogForwarderFunction, type RealmLogForwarder } from "../../lib/observability/log-forwarding";
import { AWS_PARTITION } from "../aws-partition";
import { constructIdPart } from "../construct-id";
import { cloudWatchRetentionDays } from "./cloudwatch-retention";

export interface AwsLogForwarderProps {
  readonly forwarder: RealmLogForwarder;
  readonly accountId: string;
  /** The realm key: it encrypts the API key secret (the realm's KMS key lets Secrets Manager use it for account principals). */
  readonly keyArn: string;
  /** Log groups the stack already creates (flow logs, EKS control plane, application), by a short stable name. */
  readonly logGroups: Readonly<Record<string, string>>;
  /** RDS instance identifiers, by short name, whose `postgresql` export is forwarded: the construct creates the group RDS writes to. */
  readonly databaseInstances?: Readonly<Record<string, string>>;
  readonly logRetentionDays: number;
}

/** The Forwarder template's capabilities: it creates named IAM roles and uses a macro (Datadog's Terraform install). */
export const FORWARDER_CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"] as const;

/**
 * The Datadog Forwarder of a realm: Datadog's CloudFormation stack in the realm's region, sending
 * only to the realm's Datadog site, reading its API key from a Secrets Manager secret the stack
 * creates empty (the operator puts the key in; Terraform never sees it), and one subscription
 * filter per platform log group of the realm. The function name is the one the fleet stack's
 * AWS integration lists as `lambdaForwarder`.
 */
export class AwsLogForwarder extends Construct {
  readonly functionArn: string;
  readonly secretArn: string;

  constructor(scope: Construct, id: string, props: AwsLogForwarderProps) {
    super(scope, id);
    const f = props.forwarder;
    const functionName = datadogForwarderFunction(f.realm);

    const secret = new SecretsmanagerSecret(this, "api-key", {
      name: f.apiKeySecret,
      description: `Datadog API key (${f.site}) the log forwarder of realm ${f.realm} sends with; value set out of band`,
      kmsKeyId: props.keyArn,
      recoveryWindowInDays: 30,
    });

    const stack = new CloudformationStack(this, "forwarder", {
      name: functionName,
      templateUrl: DATADOG_FORWARDER_TEMPLATE_URL,
      capabilities: [...FORWARDER_CAPABILITIES],
      parameters: {
        DdApiKeySecretArn: secret.arn,
        DdSite: f.site,
        DdTags: f.tags.join(","),
        FunctionName: functionName,
      },
      onFailure: "ROLLBACK",
    });
    this.functionArn = `arn:${AWS_PARTITION}:lambda:${f.region}:${props.accountId}:function:${functionName}`;
    this.secretArn = secret.arn;

    const groups: Record<string, string> = { ...props.logGroups };
    for (const [name, instanceId] of Object.entries(props.databaseInstances ?? {})) {
      // RDS writes its `postgresql` export here; created first so it is encrypted, retained and subscribable.
      const group = new CloudwatchLogGroup(this, `${constructIdPart(name)}-logs`, {
        name: `/aws/rds/instance/${instanceId}/postgresql`,
        kmsKeyId: props.keyArn,
        retentionInDays: cloudWatchRetentionDays(props.logRetentionDays, f.realm),
      });
      groups[name] = group.name;
    }

    for (const [name, logGroupName] of Object.entries(groups).sort(([a], [b]) => a.localeCompare(b))) {
      const part = constructIdPart(name);
      const sourceArn = `arn:${AWS_PARTITION}:logs:${f.region}:${props.accountId}:log-group:${logGroupName}:*`;
      // Only CloudWatch Logs of this account, for this group, may invoke the forwarder.
      const permission = new LambdaPermission(this, `invoke-${part}`, {
        statementId: `realmkit-${part}`,
        action: "lambda:InvokeFunction",
        functionName: this.functionArn,
        principal: `logs.${f.region}.amazonaws.com`,
        sourceArn,
        sourceAccount: props.accountId,
        dependsOn: [stack],
      });
      new CloudwatchLogSubscriptionFilter(this, `subscription-${part}`, {
        name: "datadog-forwarder",
        logGroupName,
        filterPattern: "",
        destinationArn: this.functionArn,
        dependsOn: [permission],
      });
    }
  }
}
