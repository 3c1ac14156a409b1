import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory } from "../../../lib/model/inventory";
import { synthesizeFleetStack } from "../../../lib/stacks/fleet-observability";
import { realmkit } from "../../helpers/cli";
import { removeInventory, tempInventory } from "../../helpers/inventory";
import { FIXTURE_REALMS } from "../../helpers/paths";
import { resourcesOf, synthInventory, synthStack, type TfJson } from "../../helpers/synth";

type Json = Record<string, any>;
const values = (json: Json, type: string): Json[] => Object.values(resourcesOf(json as TfJson, type));
const entries = (json: Json, type: string): [string, Json][] => Object.entries(resourcesOf(json as TfJson, type));
const ref = (type: string, name: string, attr: string) => `\${${type}.${name}.${attr}}`;

/** What a Datadog API key looks like (32 hex characters): none may appear in a stack. */
const API_KEY_SHAPE = /\b[0-9a-f]{32}\b/;

function fleetJson(dir: string): Json {
  const out = mkdtempSync(join(tmpdir(), "realmkit-fleet-"));
  try {
    return JSON.parse(readFileSync(synthesizeFleetStack(loadInventory(dir), out, { backend: "local" })!.file, "utf8"));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Every resource type of a stack that belongs to a log forwarding leg. */
function forwardingTypes(json: Json): string[] {
  return Object.keys(json.resource ?? {}).filter((t) =>
    /^(aws_cloudformation_stack|aws_cloudwatch_log_subscription_filter|aws_lambda_permission|google_dataflow_job|google_pubsub_|azurerm_eventhub)/.test(
      t,
    ),
  );
}

describe("log forwarding to Datadog, realm side", () => {
  describe("AWS (eu3, datadoghq.eu)", () => {
    const json = synthStack("realm-eu3") as Json;

    test("Datadog's Forwarder stack in the realm region, on the EU site, its key from a KMS-encrypted secret the stack creates empty", () => {
      expect(json.provider.aws[0].region).toBe("eu-central-1");
      const [[secretName, secret]] = entries(json, "aws_secretsmanager_secret").filter(([, s]) => s.name === "ibc-datadog-api-key");
      expect(secret.kms_key_id).toMatch(/^\$\{aws_kms_key\.keys_key_[A-Z0-9]+\.arn\}$/);
      expect(values(json, "aws_secretsmanager_secret_version")).toEqual([]);
      const stack = values(json, "aws_cloudformation_stack");
      expect(stack).toHaveLength(1);
      expect(stack[0]).toMatchObject({
        name: "ibc-eu3-datadog-forwarder",
        template_url: "https://datadog-cloudformation-template.s3.amazonaws.com/aws/forwarder/latest.yaml",
        capabilities: ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
        parameters: {
          DdApiKeySecretArn: ref("aws_secretsmanager_secret", secretName!, "arn"),
          DdSite: "datadoghq.eu",
          FunctionName: "ibc-eu3-datadog-forwarder",
        },
      });
      expect(stack[0].parameters.DdApiKey).toBeUndefined();
      expect(stack[0].parameters.DdTags).toContain("realm:eu3");
    });

    test("every platform log group (database, control plane, flow logs, application) is subscribed, invocable only by this account's logs", () => {
      const fn = "arn:aws:lambda:eu-central-1:222233334444:function:ibc-eu3-datadog-forwarder";
      const groups = new Map(
        entries(json, "aws_cloudwatch_log_group").map(([name, g]) => [ref("aws_cloudwatch_log_group", name, "name"), g.name]),
      );
      const filters = values(json, "aws_cloudwatch_log_subscription_filter");
      expect(filters.map((f) => groups.get(f.log_group_name)).sort()).toEqual([
        "/aws/eks/ibc-eu3-eks/cluster",
        "/aws/rds/instance/ibc-eu3-postgres/postgresql",
        "/ibc/eu3/app",
        "ibc-eu3-vpc-flow-logs",
      ]);
      for (const f of filters) expect([f.destination_arn, f.filter_pattern]).toEqual([fn, ""]);
      const permissions = values(json, "aws_lambda_permission");
      expect(permissions).toHaveLength(4);
      for (const p of permissions) {
        expect(p).toMatchObject({ function_name: fn, principal: "logs.eu-central-1.amazonaws.com", source_account: "222233334444" });
        expect(p.source_arn).toMatch(/^arn:aws:logs:eu-central-1:222233334444:log-group:\$\{aws_cloudwatch_log_group\..+\.name\}:\*$/);
      }
      // The RDS group exists before the instance exports to it: named from the identifier, not from the instance.
      const rds = values(json, "aws_cloudwatch_log_group").find((g) => g.name.startsWith("/aws/rds/"))!;
      expect(rds.kms_key_id).toBeDefined();
      expect(rds.retention_in_days).toBe(365);
    });

    test("the fleet stack's integration lists the same function, with no automatic sources", () => {
      const fleet = fleetJson(FIXTURE_REALMS);
      const eu3 = values(fleet, "datadog_integration_aws_account").find((r) => r.account_tags.includes("realm:eu3"))!;
      expect(eu3.logs_config.lambda_forwarder).toEqual({
        lambdas: ["arn:aws:lambda:eu-central-1:222233334444:function:ibc-eu3-datadog-forwarder"],
        sources: [],
      });
    });

    test("no API key in the stack: no key-shaped string, no input carrying one", () => {
      expect(JSON.stringify(json)).not.toMatch(API_KEY_SHAPE);
      expect(Object.keys(json.variable ?? {}).filter((v) => /api_key/.test(v))).toEqual([]);
    });
  });

  describe("GCP (eu1, datadoghq.eu)", () => {
    const json = synthStack("realm-eu1") as Json;
    const job = values(json, "google_dataflow_job")[0]!;
    const [[topicName]] = entries(json, "google_pubsub_topic").filter(([, t]) => t.name === "ibc-eu1-datadog-logs");
    const [[dlqName]] = entries(json, "google_pubsub_topic").filter(([, t]) => t.name === "ibc-eu1-datadog-logs-dlq");
    const [[subName]] = entries(json, "google_pubsub_subscription").filter(([, s]) => s.name === "ibc-eu1-datadog-logs-sub");
    const [[secretName, secret]] = entries(json, "google_secret_manager_secret").filter(([, s]) => s.secret_id === "ibc-datadog-api-key");
    const worker = ref(
      "google_service_account",
      entries(json, "google_service_account").find(([, a]) => a.account_id === "ibc-eu1-dd-logs")![0],
      "member",
    );

    test("the Pub/Sub to Datadog template runs in the realm region, sends to the EU intake, reads its key from Secret Manager", () => {
      expect(job).toMatchObject({
        region: "europe-west3",
        template_gcs_path: "gs://dataflow-templates-europe-west3/latest/Cloud_PubSub_to_Datadog",
        ip_configuration: "WORKER_IP_PRIVATE",
        subnetwork: expect.stringMatching(
          /^regions\/europe-west3\/subnetworks\/\$\{google_compute_subnetwork\.network_nodes_[A-Z0-9]+\.name\}$/,
        ),
        on_delete: "drain",
        parameters: {
          inputSubscription: ref("google_pubsub_subscription", subName!, "id"),
          url: "https://http-intake.logs.datadoghq.eu",
          apiKeySource: "SECRET_MANAGER",
          apiKeySecretId: `${ref("google_secret_manager_secret", secretName!, "name")}/versions/latest`,
          outputDeadletterTopic: ref("google_pubsub_topic", dlqName!, "id"),
        },
      });
      expect(secret.replication.user_managed.replicas).toEqual([
        { location: "europe-west3", customer_managed_encryption: { kms_key_name: expect.stringContaining("google_kms_crypto_key") } },
      ]);
      expect(values(json, "google_secret_manager_secret_version").filter((v) => v.secret.includes(secretName!))).toEqual([]);
    });

    test("the sink of platform logs writes to a topic stored only in the region, with its writer identity as the sole publisher", () => {
      for (const t of values(json, "google_pubsub_topic"))
        expect(t.message_storage_policy).toEqual({ allowed_persistence_regions: ["europe-west3"] });
      const sink = values(json, "google_logging_project_sink").find((s) => s.name === "ibc-eu1-datadog-logs")!;
      expect(sink.destination).toBe(`pubsub.googleapis.com/${ref("google_pubsub_topic", topicName!, "id")}`);
      expect(sink.filter).toContain("cloudaudit.googleapis.com%2Factivity");
      expect(sink.filter).toContain('resource.type="cloudsql_database"');
      expect(sink.filter).toContain('resource.labels.cluster_name="');
      const publishers = values(json, "google_pubsub_topic_iam_member").filter((m) => m.topic.includes(topicName!));
      expect(publishers).toEqual([
        expect.objectContaining({ role: "roles/pubsub.publisher", member: expect.stringContaining(".writer_identity}") }),
      ]);
    });

    test("least privilege: the worker holds dataflow.worker on the project and every other role on one resource", () => {
      const projectRoles = values(json, "google_project_iam_member")
        .filter((m) => m.member === worker)
        .map((m) => m.role);
      expect(projectRoles).toEqual(["roles/dataflow.worker"]);
      const onSub = values(json, "google_pubsub_subscription_iam_member").filter((m) => m.member === worker);
      expect(onSub.map((m) => [m.subscription, m.role]).sort()).toEqual([
        [ref("google_pubsub_subscription", subName!, "name"), "roles/pubsub.subscriber"],
        [ref("google_pubsub_subscription", subName!, "name"), "roles/pubsub.viewer"],
      ]);
      expect(values(json, "google_pubsub_topic_iam_member").filter((m) => m.member === worker)).toEqual([
        expect.objectContaining({ topic: ref("google_pubsub_topic", dlqName!, "name"), role: "roles/pubsub.publisher" }),
      ]);
      expect(values(json, "google_secret_manager_secret_iam_member").filter((m) => m.member === worker)).toEqual([
        expect.objectContaining({
          secret_id: ref("google_secret_manager_secret", secretName!, "secret_id"),
          role: "roles/secretmanager.secretAccessor",
        }),
      ]);
      expect(
        values(json, "google_storage_bucket_iam_member")
          .filter((m) => m.member === worker)
          .map((m) => m.role),
      ).toEqual(["roles/storage.objectAdmin"]);
      expect(job.service_account_email).toContain("google_service_account.");
    });

    test("no API key in the stack", () => {
      expect(JSON.stringify(json)).not.toMatch(API_KEY_SHAPE);
    });
  });

  test("GCP without a storage component: the forwarder audits its staging bucket itself, and the guardrails pass", () => {
    const eu1 = readFileSync(join(FIXTURE_REALMS, "eu1.yaml"), "utf8");
    expect(eu1).toMatch(/^storage: .*\n/m);
    const dir = tempInventory({ "eu1.yaml": eu1.replace(/^storage: .*\n/m, "") }, "samples");
    const out = mkdtempSync(join(tmpdir(), "realmkit-out-"));
    try {
      const json = synthStack("realm-eu1", dir) as Json;
      expect(values(json, "google_project_iam_audit_config")).toEqual([
        expect.objectContaining({
          service: "storage.googleapis.com",
          audit_log_config: [{ log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
        }),
      ]);
      const route = values(json, "google_logging_project_sink").find((s) => s.name === "ibc-eu1-dataflow-access")!;
      expect(route.filter).toContain('resource.labels.bucket_name="ibc-eu1-dataflow-ibc-eu1-prod"');
      const r = realmkit(["synth", "--realms", dir, "--out", out]);
      expect([r.code, r.stdout]).toEqual([0, expect.stringContaining("guardrails: 0 violations")]);
    } finally {
      removeInventory(dir);
      rmSync(out, { recursive: true, force: true });
    }
  });

  describe("Azure (eu2, datadoghq.eu)", () => {
    const json = synthStack("realm-eu2") as Json;

    test("an Event Hub in the realm region receives the logs of every realm resource and the activity log", () => {
      const [ns] = values(json, "azurerm_eventhub_namespace");
      expect(ns).toMatchObject({ location: "germanywestcentral", minimum_tls_version: "1.2" });
      const toHub = values(json, "azurerm_monitor_diagnostic_setting").filter((d) => d.name === "realmkit-to-datadog");
      const hub = Object.keys(resourcesOf(json as TfJson, "azurerm_eventhub"))[0]!;
      for (const d of toHub) expect(d.eventhub_name).toBe(ref("azurerm_eventhub", hub, "name"));
      const categories = toHub.flatMap((d) => d.enabled_log.map((l: Json) => l.category));
      for (const c of ["AuditEvent", "PostgreSQLLogs", "kube-audit-admin", "StorageRead", "Administrative"])
        expect(categories).toContain(c);
      expect(toHub.find((d) => d.target_resource_id === "/subscriptions/5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80")).toBeDefined();
    });

    test("the forwarder's parameters name the EU site and take the key from the realm Key Vault by reference", () => {
      const p = json.output.datadog_forwarder_parameters.value;
      expect(p.datadogSite).toEqual({ value: "datadoghq.eu" });
      expect(p.location).toEqual({ value: "germanywestcentral" });
      expect(p.apiKey).toEqual({
        reference: {
          keyVault: { id: expect.stringMatching(/^\$\{azurerm_key_vault\.keys_realm_vault_[A-Z0-9]+\.id\}$/) },
          secretName: "ibc-datadog-api-key",
        },
      });
      // Resource Manager resolves that reference only from a vault open to template deployments: the realm vault, not the geo-backup one.
      const vaults = values(json, "azurerm_key_vault");
      expect(vaults.map((v) => v.enabled_for_template_deployment ?? false).sort()).toEqual([false, true]);
      expect(JSON.stringify(json)).not.toMatch(API_KEY_SHAPE);
    });
  });

  describe("residency: EU realms whose site is datadoghq.com forward nothing on any cloud", () => {
    let dir: string;
    let stacks: Record<string, TfJson>;
    beforeAll(() => {
      const usSite = (name: string) =>
        readFileSync(join(FIXTURE_REALMS, name), "utf8").replace(/site: datadoghq\.eu/g, "site: datadoghq.com");
      dir = tempInventory({ "eu1.yaml": usSite("eu1.yaml"), "eu2.yaml": usSite("eu2.yaml"), "eu3.yaml": usSite("eu3.yaml") }, "samples");
      stacks = synthInventory(dir, { backend: "local" }, ["eu1", "eu2", "eu3"]);
    });
    afterAll(() => removeInventory(dir));

    test("no forwarder, topic, pipeline or Event Hub in the GCP, Azure and AWS stacks, and no Lambda in the fleet integration", () => {
      expect(Object.keys(stacks).sort()).toEqual(["realm-eu1", "realm-eu2", "realm-eu3"]);
      for (const json of Object.values(stacks)) expect(forwardingTypes(json as Json)).toEqual([]);
      expect((stacks["realm-eu2"] as Json).output.datadog_forwarder_parameters).toBeUndefined();
      const eu3 = values(fleetJson(dir), "datadog_integration_aws_account").find((r) => r.account_tags.includes("realm:eu3"))!;
      expect(eu3.logs_config.lambda_forwarder).toEqual({ lambdas: [], sources: [] });
    });

    test("the same realms on datadoghq.eu do forward (the test above is not vacuous)", () => {
      for (const id of ["realm-eu1", "realm-eu2", "realm-eu3"]) expect(forwardingTypes(synthStack(id) as Json).length).toBeGreaterThan(0);
    });
  });

  test("logForwarding: false creates nothing, though the site is inside the residency", () => {
    const us2 = readFileSync(join(FIXTURE_REALMS, "us2.yaml"), "utf8");
    expect(us2).toContain("observability: { ");
    const off = tempInventory({ "us2.yaml": us2.replace("observability: { ", "observability: { logForwarding: false, ") }, "samples");
    try {
      expect(forwardingTypes(synthStack("realm-us2", off) as Json)).toEqual([]);
      expect(forwardingTypes(synthStack("realm-us2") as Json).length).toBeGreaterThan(0);
    } finally {
      removeInventory(off);
    }
  });
});
