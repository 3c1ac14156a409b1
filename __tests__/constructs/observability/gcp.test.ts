import { GcpObservability, type GcpObservabilityProps } from "../../../constructs/observability/gcp";
import type { RealmkitError } from "../../../lib/config/errors";
import { resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { expectLabeledEverywhere, PROJECT, SCOPE } from "../gcp-sample";

const DATABASE_ID = `${PROJECT}:ibc-eu1-postgres`;
const prod: GcpObservabilityProps = {
  ...SCOPE,
  realm: "eu1",
  tier: "prod",
  alertEmails: ["ops-eu@ibc.example.com", "dpo@ibc.example.com"],
  logRetentionDays: 365,
  database: { monitoredDatabaseId: DATABASE_ID },
};
const synth = (props: GcpObservabilityProps): TfJson => synthConstruct((scope) => new GcpObservability(scope, "observability", props));
const policies = (json: TfJson) => Object.values(resourcesOf(json, "google_monitoring_alert_policy"));
const policy = (json: TfJson, metric: string) => {
  const hits = policies(json).filter((p) => p.conditions[0].condition_threshold.filter.includes(`metric.type = "${metric}"`));
  expect(hits).toHaveLength(1);
  return hits[0]!;
};
const thrown = (props: GcpObservabilityProps): RealmkitError => {
  try {
    synth(props);
  } catch (err) {
    return err as RealmkitError;
  }
  throw new Error("expected an error");
};

describe("GcpObservability", () => {
  const json = synth(prod);
  const channels = Object.entries(resourcesOf(json, "google_monitoring_notification_channel"));
  const channelRefs = channels.map(([key]) => `\${google_monitoring_notification_channel.${key}.id}`);

  it("creates one e-mail notification channel per address", () => {
    expect(channels.map(([, c]) => [c.type, c.labels, c.project])).toEqual([
      ["email", { email_address: "ops-eu@ibc.example.com" }, PROJECT],
      ["email", { email_address: "dpo@ibc.example.com" }, PROJECT],
    ]);
  });

  it("creates no duplicate channel for an address listed twice", () => {
    const twice = synth({ ...prod, alertEmails: ["ops@ibc.example.com", "ops@ibc.example.com"] });
    expect(Object.keys(resourcesOf(twice, "google_monitoring_notification_channel"))).toHaveLength(1);
  });

  it("alerts when Cloud SQL CPU stays above 80% for 5 minutes", () => {
    const cpu = policy(json, "cloudsql.googleapis.com/database/cpu/utilization");
    expect(cpu.conditions[0].condition_threshold).toEqual({
      filter: `resource.type = "cloudsql_database" AND resource.labels.database_id = "${DATABASE_ID}" AND metric.type = "cloudsql.googleapis.com/database/cpu/utilization"`,
      comparison: "COMPARISON_GT",
      threshold_value: 0.8,
      duration: "300s",
      aggregations: [{ alignment_period: "300s", per_series_aligner: "ALIGN_MEAN" }],
      trigger: { count: 1 },
    });
  });

  it("alerts when less than 10% of the disk is free", () => {
    expect(policy(json, "cloudsql.googleapis.com/database/disk/utilization").conditions[0].condition_threshold).toMatchObject({
      comparison: "COMPARISON_GT",
      threshold_value: 0.9,
    });
  });

  it("alerts on the sum of connections across the instance's databases above 400", () => {
    expect(policy(json, "cloudsql.googleapis.com/database/postgresql/num_backends").conditions[0].condition_threshold).toMatchObject({
      comparison: "COMPARISON_GT",
      threshold_value: 400,
      aggregations: [
        {
          alignment_period: "300s",
          per_series_aligner: "ALIGN_MEAN",
          cross_series_reducer: "REDUCE_SUM",
          group_by_fields: ["resource.labels.database_id"],
        },
      ],
    });
  });

  it("sends every alert to every channel, at its severity, with documentation", () => {
    expect(policies(json)).toHaveLength(3);
    expect(
      policies(json)
        .map((p) => p.severity)
        .sort(),
    ).toEqual(["ERROR", "ERROR", "WARNING"]); // high, high, medium
    for (const p of policies(json)) {
      expect(p).toMatchObject({
        combiner: "OR",
        notification_channels: channelRefs,
        project: PROJECT,
        alert_strategy: { auto_close: "1800s" },
      });
      expect(p.documentation.content).toContain(DATABASE_ID);
    }
  });

  it("uses the realm thresholds when given", () => {
    const custom = synth({ ...prod, thresholds: { cpuPercent: 70, freeStoragePercent: 25, connections: 150 } });
    expect(policy(custom, "cloudsql.googleapis.com/database/cpu/utilization").conditions[0].condition_threshold.threshold_value).toBe(0.7);
    expect(policy(custom, "cloudsql.googleapis.com/database/disk/utilization").conditions[0].condition_threshold.threshold_value).toBe(
      0.75,
    );
    expect(
      policy(custom, "cloudsql.googleapis.com/database/postgresql/num_backends").conditions[0].condition_threshold.threshold_value,
    ).toBe(150);
  });

  it("creates channels but no database alerts without a managed database", () => {
    const none = synth({ ...prod, database: undefined });
    expect(policies(none)).toEqual([]);
    expect(Object.keys(resourcesOf(none, "google_monitoring_notification_channel"))).toHaveLength(2);
  });

  it("labels channels and policies", () => {
    expectLabeledEverywhere(json);
  });

  it.each([
    ["no e-mail address", { alertEmails: [] }],
    ["a CPU threshold above 100%", { thresholds: { cpuPercent: 120 } }],
    ["a free storage threshold of 0%", { thresholds: { freeStoragePercent: 0 } }],
    ["a fractional connection limit", { thresholds: { connections: 10.5 } }],
  ])("rejects %s", (_, change) => {
    const err = thrown({ ...prod, ...change });
    expect(err.code).toBe("RK-GCP-OBSERVABILITY");
    expect(err.realm).toBe("eu1");
  });
});
