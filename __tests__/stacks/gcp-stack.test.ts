import { Testing } from "../../lib/cdktf";
import { loadInventory } from "../../lib/model/inventory";
import type { CloudTarget, RealmModel } from "../../lib/model/realm-model";
import { MANDATORY_TAGS } from "../../lib/model/tags";
import { serviceAgentsFor } from "../../lib/stacks/gcp";
import { componentProps } from "../../lib/stacks/props";
import { RealmStack } from "../../lib/stacks/realm-stack";
import { expectLabeledEverywhere } from "../constructs/gcp-sample";
import { resourcesOf, FIXTURE_REALMS, synthInventory, synthStack, type TfJson } from "../helpers/synth";

const types = (json: TfJson) => Object.keys(json.resource ?? {}).sort();
const agentsOf = (json: TfJson) =>
  Object.values(resourcesOf(json, "google_kms_crypto_key_iam_member"))
    .map((g) => /@([^.]+)\./.exec(g.member)![1])
    .sort();

describe("GCP realm stack (eu1)", () => {
  const remote = synthStack("realm-eu1", undefined, { backend: "remote" });
  const local = synthStack("realm-eu1", undefined, { backend: "local", offline: true });
  const [provider] = remote.provider!.google!;

  it("keeps remote state per stack under a prefix in the project's GCS bucket", () => {
    expect(remote.terraform!.backend).toEqual({ gcs: { bucket: "ibc-tfstate-ibc-eu1-prod", prefix: "realms/eu1/realm-eu1" } });
  });

  it("uses a local state file when asked, and offline changes nothing else", () => {
    expect(local.terraform!.backend).toEqual({ local: { path: "terraform.realm-eu1.tfstate" } });
    expect({ ...local, terraform: undefined }).toEqual({ ...remote, terraform: undefined });
  });

  it("pins the project and region and labels everything through default_labels, keeping hyphenated keys", () => {
    expect(provider).toMatchObject({ project: "ibc-eu1-prod", region: "europe-west3" });
    const labels = provider.default_labels;
    for (const key of MANDATORY_TAGS) expect(labels[key]).toBeDefined();
    expect(labels).toEqual({
      realm: "eu1",
      tier: "prod",
      provider: "gcp",
      region: "europe-west3",
      residency: "eu",
      compliance: "gdpr-soc2",
      "managed-by": "realmkit",
      "cost-center": "4830",
      owner: "platform-team",
      product: "ibc",
    });
  });

  it("also puts the realm labels on every resource that takes labels", () => {
    expectLabeledEverywhere(remote, provider.default_labels);
  });

  it("declares the google provider at the version the bindings were generated for", () => {
    expect(remote.terraform!.required_providers).toEqual({ google: { source: "google", version: "6.50.0" } });
  });

  it("deploys every configured component", () => {
    expect(types(remote)).toEqual(
      expect.arrayContaining([
        "google_compute_network",
        "google_kms_crypto_key",
        "google_sql_database_instance",
        "google_container_cluster",
        "google_storage_bucket",
        "google_secret_manager_secret",
        "google_dns_managed_zone",
        "google_monitoring_alert_policy",
      ]),
    );
  });

  it("grants the realm key to exactly the service agents of the components in the stack", () => {
    expect(agentsOf(remote)).toEqual([
      "compute-system",
      "container-engine-robot",
      "gcp-sa-cloud-sql",
      "gcp-sa-secretmanager",
      "gs-project-accounts",
    ]);
  });

  it("points the database record at the instance's private address and watches that instance", () => {
    const instanceKey = Object.keys(resourcesOf(remote, "google_sql_database_instance"))[0];
    const record = Object.values(resourcesOf(remote, "google_dns_record_set"))[0]!;
    expect(record).toMatchObject({
      name: "db.eu1.ibc.example.com.",
      type: "A",
      rrdatas: [`\${google_sql_database_instance.${instanceKey}.private_ip_address}`],
    });
    const databasePolicies = Object.values(resourcesOf(remote, "google_monitoring_alert_policy")).filter((p) =>
      p.conditions[0].condition_threshold.filter.includes('"cloudsql_database"'),
    );
    expect(databasePolicies).toHaveLength(4);
    for (const policy of databasePolicies) {
      expect(policy.conditions[0].condition_threshold.filter).toContain('resource.labels.database_id = "ibc-eu1-prod:ibc-eu1-postgres"');
    }
  });

  it("never calls Google APIs through data sources", () => {
    expect(remote.data).toBeUndefined();
  });

  it("keeps every regional resource in the realm region (residency)", () => {
    const regional: Array<[string, string]> = [
      ["google_compute_subnetwork", "region"],
      ["google_compute_router", "region"],
      ["google_sql_database_instance", "region"],
      ["google_container_cluster", "location"],
      ["google_kms_key_ring", "location"],
      ["google_logging_project_bucket_config", "location"],
    ];
    for (const [type, field] of regional)
      for (const res of Object.values(resourcesOf(remote, type))) expect([type, res[field]]).toEqual([type, "europe-west3"]);
    for (const b of Object.values(resourcesOf(remote, "google_storage_bucket"))) expect(b.location).toBe("EUROPE-WEST3");
    expect(Object.values(resourcesOf(remote, "google_sql_database_instance"))[0]!.settings.backup_configuration.location).toBe(
      "europe-west3",
    );
  });

  it("outputs what operators look up", () => {
    expect(Object.keys(remote.output ?? {})).toEqual(
      expect.arrayContaining(["database_host", "cluster_name", "bucket_names", "service_payments_url", "service_payments_secret_id"]),
    );
  });
});

describe("GCP backup copy of an AWS realm (us3)", () => {
  const stacks = synthInventory(undefined, { backend: "remote" }, ["us3"]);
  const backup = stacks["realm-us3-gcp"]!;

  it("yields the AWS primary stack and a GCP stack", () => {
    expect(Object.keys(stacks).sort()).toEqual(["realm-us3", "realm-us3-gcp"]);
    expect(Object.keys(stacks["realm-us3"]!.provider!)).toEqual(["aws"]);
    expect(Object.keys(backup.provider!)).toEqual(["google"]);
  });

  it("carries only the realm key, the buckets with their data-access logs, their alerts and the log forwarding leg, in us-east4", () => {
    expect(types(backup)).toEqual([
      // The Pub/Sub to Datadog pipeline of the project's audit logs (us3 forwards to datadoghq.com).
      "google_dataflow_job",
      "google_kms_crypto_key",
      "google_kms_crypto_key_iam_member",
      "google_kms_key_ring",
      "google_logging_project_bucket_config",
      "google_logging_project_sink",
      // Bucket error alerts and their e-mail channel, and the account Datadog reads the project with.
      "google_monitoring_alert_policy",
      "google_monitoring_notification_channel",
      "google_project_iam_audit_config",
      "google_project_iam_member",
      "google_pubsub_subscription",
      "google_pubsub_subscription_iam_member",
      "google_pubsub_topic",
      "google_pubsub_topic_iam_member",
      "google_secret_manager_secret",
      "google_secret_manager_secret_iam_member",
      "google_service_account",
      "google_service_account_iam_member",
      "google_storage_bucket",
      "google_storage_bucket_iam_member",
    ]);
    expect(Object.values(resourcesOf(backup, "google_storage_bucket")).map((b) => [b.name, b.location])).toEqual([
      // The Dataflow staging bucket of the log pipeline.
      ["ibc-us3-dataflow-ibc-us3-backup", "US-EAST4"],
      ["ibc-us3-documents-ibc-us3-backup", "US-EAST4"],
      ["ibc-us3-exports-ibc-us3-backup", "US-EAST4"],
    ]);
    // Secret Manager encrypts the log pipeline's API key secret with the realm key.
    expect(agentsOf(backup)).toEqual(["gcp-sa-secretmanager", "gs-project-accounts"]);
    expect(backup.output).toEqual({ bucket_names: expect.anything() });
  });

  it("keeps its state in its own project and prefix", () => {
    expect(backup.terraform!.backend).toEqual({ gcs: { bucket: "ibc-tfstate-ibc-us3-backup", prefix: "realms/us3/realm-us3-gcp" } });
  });

  it("labels resources with the GCP region of the copy", () => {
    expect(backup.provider!.google![0].default_labels).toMatchObject({
      realm: "us3",
      provider: "gcp",
      region: "us-east4",
      residency: "us",
    });
  });
});

describe("serviceAgentsFor", () => {
  const model = loadInventory(FIXTURE_REALMS, ["eu1"]).realms[0]!;
  const target = model.targets[0]!;
  const props = componentProps(model, target);

  it("needs Secret Manager only when some service has credentials or a cluster publishes the runtime configuration", () => {
    const noSecrets = {
      ...props,
      services: { ...props.services!, services: props.services!.services.map((s) => ({ ...s, secret: false })) },
    };
    expect(serviceAgentsFor(target, noSecrets)).toEqual(["cloudsql", "compute", "container", "secretmanager", "storage"]);
    const noCluster = { ...target, components: new Set([...target.components].filter((c) => c !== "cluster")) };
    expect(serviceAgentsFor(noCluster, noSecrets)).toEqual(["cloudsql", "storage"]);
  });

  it("needs Secret Manager, not Cloud SQL, for an external database", () => {
    const external = {
      ...props,
      services: undefined,
      database: { ...props.database!, managed: undefined, external: { host: "pg.example.com", port: 5432 } },
    };
    expect(serviceAgentsFor(target, external)).toEqual(["compute", "container", "secretmanager", "storage"]);
  });
});

describe("GCP kit input", () => {
  // A library user may build models without the config checks; the kit still fails clearly.
  const model = loadInventory(FIXTURE_REALMS, ["eu1"]).realms[0]!;
  const build = (realm: RealmModel, target: CloudTarget, backend: "local" | "remote") => () =>
    new RealmStack(Testing.app(), realm, target, { backend });

  it("fails with the realm and a fix when state.gcp is missing for a remote backend", () => {
    const realm = { ...model, config: { ...model.config, state: {} } };
    expect(build(realm, realm.targets[0]!, "remote")).toThrow(expect.objectContaining({ code: "RK-CONFIG-NO-STATE", realm: "eu1" }));
    expect(build(realm, realm.targets[0]!, "local")).not.toThrow();
  });

  it("fails with the realm and a fix when the project number is missing", () => {
    const target = { ...model.targets[0]!, cloud: { ...model.targets[0]!.cloud, projectNumber: undefined } };
    expect(build(model, target, "local")).toThrow(
      expect.objectContaining({ code: "RK-CONFIG-MISSING-KEY", realm: "eu1", fix: expect.stringContaining("projectNumber") }),
    );
  });
});
