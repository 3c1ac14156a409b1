import { loadInventory } from "../../lib/model/inventory";
import { evaluateStackFiles } from "../../lib/policy/gate";
import { FIXTURE_REALMS } from "../helpers/paths";
import { resourcesOf, synthStack } from "../helpers/synth";

type Json = Record<string, any>;
const values = (json: Json, type: string): Json[] => Object.values(resourcesOf(json, type));

describe("the realm side of the fleet stack", () => {
  test("AWS: a role Datadog's account assumes only with the integration's external id, read-only", () => {
    const json = synthStack("realm-us2") as Json;
    const role = values(json, "aws_iam_role").find((r) => r.name === "ibc-datadog-integration")!;
    expect(role).toBeDefined();
    const trust = Object.values(json.data.aws_iam_policy_document as Json).find(
      (d: Json) =>
        d.statement?.[0]?.actions?.[0] === "sts:AssumeRole" && d.statement[0].principals[0].identifiers[0].includes("464622532012"),
    ) as Json;
    expect(trust.statement[0]).toMatchObject({
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::464622532012:root"] }],
      condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: ["${var.datadog_aws_external_id}"] }],
    });
    expect(json.variable.datadog_aws_external_id).toMatchObject({ type: "string", default: "" });
    const policy = values(json, "aws_iam_role_policy").find((p) => p.name === "datadog-read")!;
    expect(policy).toBeDefined();
  });

  test("GCP: the service account the Datadog integration names, impersonable by the organisation's delegate", () => {
    const json = synthStack("realm-eu1") as Json;
    expect(values(json, "google_service_account").map((a) => a.account_id)).toContain("ibc-datadog");
    expect(
      values(json, "google_project_iam_member")
        .filter((m) => m.member.includes("google_service_account.aggregator-access"))
        .map((m) => m.role)
        .sort(),
    ).toEqual(["roles/browser", "roles/cloudasset.viewer", "roles/compute.viewer", "roles/monitoring.viewer"]);
    expect(values(json, "google_service_account_iam_member")).toContainEqual(
      expect.objectContaining({
        role: "roles/iam.serviceAccountTokenCreator",
        member: "serviceAccount:ddgci-5f1c8a2e7b3d9046@datadog-gci-sts-eu1-prod.iam.gserviceaccount.com",
      }),
    );
  });

  test("Azure: Monitoring Reader on the subscription for the app's service principal", () => {
    const json = synthStack("realm-eu2") as Json;
    expect(values(json, "azurerm_role_assignment")).toContainEqual(
      expect.objectContaining({
        scope: "/subscriptions/5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80",
        role_definition_name: "Monitoring Reader",
        principal_id: "8f2a6d1c-4e7b-49a3-b5d8-1c6e0f3a9b27",
      }),
    );
  });

  test("GCP and Azure carry the cluster and storage alerts of the same definition", () => {
    const gcp = values(synthStack("realm-eu1"), "google_monitoring_alert_policy").map(
      (p) => p.conditions[0].condition_threshold.filter as string,
    );
    expect(gcp.some((f) => f.includes("kubernetes.io/node/status_condition"))).toBe(true);
    expect(gcp.some((f) => f.includes("kubernetes.io/node/cpu/allocatable_cores"))).toBe(true);
    expect(gcp.some((f) => f.includes("storage.googleapis.com/api/request_count"))).toBe(true);
    const azure = values(synthStack("realm-eu2"), "azurerm_monitor_metric_alert");
    const capacity = azure.find((a) => a.name === "ibc-eu2-aks-node-capacity")!;
    // eu2: pools of 12 + 6 nodes at most, the prod layer alerts above 80% over 10 minutes: Azure's next window is 15.
    expect(capacity).toMatchObject({
      window_size: "PT15M",
      frequency: "PT5M",
      severity: 1,
      criteria: [expect.objectContaining({ threshold: 14 })],
    });
    expect(azure.find((a) => a.name === "ibc-eu2-storage-errors")!.criteria[0].dimension).toEqual([
      { name: "ResponseType", operator: "Include", values: ["ServerOtherError", "ServerTimeoutError", "ServerBusyError"] },
    ]);
  });
});

describe("RK-OBSERVABILITY-COVERAGE on realm stacks", () => {
  const inventory = loadInventory(FIXTURE_REALMS);
  const judge = (stackId: string, json: Json) =>
    evaluateStackFiles(inventory, [{ stackId, file: `${stackId}.tf.json`, json }], { now: new Date() }).findings.filter(
      (f) => f.ruleId === "RK-OBSERVABILITY-COVERAGE",
    );

  test("passes every deployed component of a sample realm", () => {
    const findings = judge("realm-us2", synthStack("realm-us2"));
    expect(findings.map((f) => [f.address, f.status])).toEqual([
      ["observability.database", "pass"],
      ["observability.cluster", "pass"],
      ["observability.storage", "pass"],
    ]);
  });

  test("names the alert whose alarm an escape hatch removed", () => {
    const json = synthStack("realm-us2") as Json;
    for (const [key, alarm] of Object.entries(json.resource.aws_cloudwatch_metric_alarm as Json))
      if (alarm.metric_name === "ReplicaLag") delete json.resource.aws_cloudwatch_metric_alarm[key];
    const db = judge("realm-us2", json).find((f) => f.address === "observability.database")!;
    expect([db.status, db.reason]).toEqual(["fail", "no native alarm for database replication lag"]);
  });
});
