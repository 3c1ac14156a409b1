import { AwsObservability, type AwsObservabilityProps } from "../../../constructs/observability/aws";
import { freeStorageThresholdBytes } from "../../../constructs/observability/aws-database-alarms";
import { CLOUDWATCH_RETENTION_DAYS, cloudWatchRetentionDays } from "../../../constructs/observability/cloudwatch-retention";
import { RealmkitError } from "../../../lib/config/errors";
import { resourcesOf, synthStack } from "../../helpers/synth";
import { KEY_ARN, ref, sampleProps, synthTree } from "../aws-sample";

const DB = "ibc-eu3-db";

function eu3Props(overrides: Partial<AwsObservabilityProps> = {}): AwsObservabilityProps {
  const props = sampleProps("eu3");
  return {
    ...props.observability!,
    keyArn: KEY_ARN,
    accountId: props.account,
    database: { instanceId: DB, allocatedStorageGb: props.database!.managed!.storageGb },
    ...overrides,
  };
}

const synth = (props: AwsObservabilityProps) => synthTree((scope) => new AwsObservability(scope, "observability", props));

describe("AwsObservability on the eu3 sample realm", () => {
  const tree = synth(eu3Props());
  const { json } = tree;
  const topic = tree.res("aws_sns_topic", "alerts");
  const topicArn = ref("aws_sns_topic", topic.key, "arn");

  test("the alert topic is encrypted with the realm key", () => {
    expect(topic.res).toMatchObject({ name: "ibc-eu3-alerts", kms_master_key_id: KEY_ARN, signature_version: 2 });
  });

  test("one e-mail subscription per alert address", () => {
    const subs = Object.values(resourcesOf(json, "aws_sns_topic_subscription"));
    expect(subs.map((s) => [s.protocol, s.endpoint, s.topic_arn]).sort()).toEqual([
      ["email", "dpo@ibc.example.com", topicArn],
      ["email", "ops-eu@ibc.example.com", topicArn],
    ]);
  });

  test("only the account, and this account's alarms and RDS events, may publish; never without TLS", () => {
    const policy = tree.res("aws_sns_topic_policy", "alerts-topic-policy").res;
    const doc = tree.data("aws_iam_policy_document", "alerts-policy");
    expect(policy).toEqual({ arn: topicArn, policy: ref("data.aws_iam_policy_document", doc.key, "json") });
    const [owner, services, tls] = doc.res.statement;
    expect(owner.principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::222233334444:root"] }]);
    expect(services).toMatchObject({
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "events.rds.amazonaws.com"] }],
      actions: ["SNS:Publish"],
      resources: [topicArn],
      condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["222233334444"] }],
    });
    expect(tls).toMatchObject({
      effect: "Deny",
      principals: [{ type: "*", identifiers: ["*"] }],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
  });

  test("database alarms use the realm alert set (prod layer: CPU 75%, 15% of 500 GiB free in bytes)", () => {
    const alarm = (name: string) => tree.res("aws_cloudwatch_metric_alarm", `database/${name}`).res;
    const common = {
      namespace: "AWS/RDS",
      dimensions: { DBInstanceIdentifier: DB },
      period: 300,
      evaluation_periods: 1,
      treat_missing_data: "notBreaching",
      alarm_actions: [topicArn],
      ok_actions: [topicArn],
    };
    expect(alarm("cpu-high")).toMatchObject({
      ...common,
      alarm_name: "ibc-eu3-db-cpu-high",
      metric_name: "CPUUtilization",
      statistic: "Average",
      comparison_operator: "GreaterThanThreshold",
      threshold: 75,
    });
    expect(alarm("storage-low")).toMatchObject({
      ...common,
      metric_name: "FreeStorageSpace",
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 80530636800, // 500 * 1024^3 * 0.15
    });
    expect(alarm("connections-high")).toMatchObject({
      ...common,
      metric_name: "DatabaseConnections",
      comparison_operator: "GreaterThanThreshold",
      threshold: 400,
    });
    // eu3 is highly available: replication lag too, 30 s in the prod layer.
    expect(alarm("replica-lag-high")).toMatchObject({ ...common, metric_name: "ReplicaLag", statistic: "Maximum", threshold: 30 });
    expect(Object.keys(resourcesOf(json, "aws_cloudwatch_metric_alarm"))).toHaveLength(4);
  });

  test("RDS outage and failover events reach the topic", () => {
    expect(tree.res("aws_db_event_subscription", "database/events").res).toMatchObject({
      sns_topic: topicArn,
      source_type: "db-instance",
      source_ids: [DB],
      event_categories: ["availability", "failover", "failure", "low storage", "maintenance", "notification", "recovery"],
    });
  });

  test("the application log group is encrypted and kept for the realm retention", () => {
    expect(tree.res("aws_cloudwatch_log_group", "app-logs").res).toEqual({
      name: "/ibc/eu3/app",
      kms_key_id: KEY_ARN,
      retention_in_days: 365,
    });
  });
});

describe("AwsObservability options", () => {
  test("custom thresholds replace the defaults, unset ones keep them", () => {
    const tree = synth(
      eu3Props({
        thresholds: { cpuPercent: 65, freeStoragePercent: 20, connections: undefined },
        database: { instanceId: DB, allocatedStorageGb: 200 },
      }),
    );
    const threshold = (name: string) => tree.res("aws_cloudwatch_metric_alarm", `database/${name}`).res.threshold;
    expect(threshold("cpu-high")).toBe(65);
    expect(threshold("storage-low")).toBe(42949672960); // 20% of 200 GiB
    expect(threshold("connections-high")).toBe(400);
  });

  test("without a managed database there are no alarms and no event subscription", () => {
    const tree = synth(eu3Props({ database: undefined }));
    expect(resourcesOf(tree.json, "aws_cloudwatch_metric_alarm")).toEqual({});
    expect(resourcesOf(tree.json, "aws_db_event_subscription")).toEqual({});
    expect(Object.keys(resourcesOf(tree.json, "aws_sns_topic"))).toHaveLength(1);
  });

  test("a repeated address is subscribed once", () => {
    const tree = synth(eu3Props({ alertEmails: ["ops@ibc.example.com", "ops@ibc.example.com"] }));
    expect(Object.keys(resourcesOf(tree.json, "aws_sns_topic_subscription"))).toHaveLength(1);
  });

  test("the 30-day staging retention is kept as is", () => {
    expect(synth(eu3Props({ logRetentionDays: 30 })).res("aws_cloudwatch_log_group", "app-logs").res.retention_in_days).toBe(30);
  });
});

describe("thresholds and retention helpers", () => {
  test.each([
    [200, 10, 21474836480],
    [50, 10, 5368709120],
    [100, 15, 16106127360],
    [20, 7.5, 1610612736],
  ])("%i GiB at %d%% free is %i bytes", (gb, pct, bytes) => expect(freeStorageThresholdBytes(gb, pct)).toBe(bytes));

  test("every CloudWatch retention is accepted, anything else names the neighbours", () => {
    for (const days of CLOUDWATCH_RETENTION_DAYS) expect(cloudWatchRetentionDays(days)).toBe(days);
    expect(() => cloudWatchRetentionDays(100, "us2")).toThrow(RealmkitError);
    expect(() => cloudWatchRetentionDays(2, "us2")).toThrow(
      expect.objectContaining({ fix: expect.stringMatching(/^set observability.logRetentionDays to 1 or 3 /) }),
    );
    expect(() => cloudWatchRetentionDays(4000)).toThrow(
      expect.objectContaining({
        code: "RK-AWS-LOG-RETENTION",
        value: 4000,
        fix: expect.stringMatching(/^set observability.logRetentionDays to 3653 /),
      }),
    );
  });
});

describe("AwsObservability as the AWS kit wires it", () => {
  test("us2 alarms watch the RDS identifier (not the resource id) of the realm database", () => {
    const json = synthStack("realm-us2");
    const [dbKey] = Object.keys(resourcesOf(json, "aws_db_instance"));
    const alarms = Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm")).filter((a) => a.namespace === "AWS/RDS");
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) expect(alarm.dimensions).toEqual({ DBInstanceIdentifier: ref("aws_db_instance", dbKey!, "identifier") });
    const storage = alarms.find((a) => a.metric_name === "FreeStorageSpace")!;
    expect(storage.threshold).toBe(32212254720); // prod layer: 200 GiB, 15% free
    const policy = Object.values(json.data!.aws_iam_policy_document!).find((d) => d.statement?.[0]?.sid === "AccountManagesTopic")!;
    expect(policy.statement[0].principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }]);
  });

  test("sg1 connects to a partner database: alerts and logs, no database alarms", () => {
    const json = synthStack("realm-sg1");
    expect(Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm")).filter((a) => a.namespace === "AWS/RDS")).toEqual([]);
    expect(Object.values(resourcesOf(json, "aws_sns_topic_subscription")).map((s) => s.endpoint)).toEqual(["ops-apac@ibc.example.com"]);
  });
});

describe("AwsObservability: cluster and storage alarms from the same alert set", () => {
  const json = synthStack("realm-us2");
  const alarms = Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm"));
  const byMetric = (metric: string) => alarms.filter((a) => a.metric_name === metric);

  test("nodes not ready and node-pool capacity read Container Insights, which the add-on publishes", () => {
    const [failed] = byMetric("cluster_failed_node_count");
    expect(failed).toMatchObject({
      namespace: "ContainerInsights",
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      period: 300,
      tags: { severity: "critical" },
    });
    // us2: pools of 12 + 6 nodes at most; prod alerts above 80% over 10 minutes: more than 14 nodes.
    const [capacity] = byMetric("cluster_node_count");
    expect(capacity).toMatchObject({ threshold: 14, period: 600, tags: { severity: "high" } });
    expect(Object.values(resourcesOf(json, "aws_eks_addon")).map((a) => a.addon_name)).toContain("amazon-cloudwatch-observability");
    expect(Object.values(resourcesOf(json, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn)).toContain(
      "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    );
  });

  test("every bucket gets request metrics and a 5xx alarm on them", () => {
    const errors = byMetric("5xxErrors");
    expect(errors).toHaveLength(2);
    const filters = Object.values(resourcesOf(json, "aws_s3_bucket_metric"));
    expect(filters.map((f) => f.name)).toEqual(["EntireBucket", "EntireBucket"]);
    for (const e of errors) expect(e.dimensions.FilterId).toBe("EntireBucket");
    expect(errors.map((e) => e.dimensions.BucketName).sort()).toEqual(filters.map((f) => f.bucket).sort());
  });

  test("an alert switched off in the config is on no cloud", () => {
    const props = eu3Props();
    const alerts = props.alerts!.filter((a) => a.id !== "databaseConnections");
    const off = synth({ ...props, alerts });
    expect(Object.values(resourcesOf(off.json, "aws_cloudwatch_metric_alarm")).map((a) => a.metric_name)).not.toContain(
      "DatabaseConnections",
    );
  });
});
