import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInventory } from "../../lib/model/inventory";
import { checkFleetStack } from "../../lib/observability/fleet-check";
import { fleetPlan } from "../../lib/observability/plan";
import { FLEET_STACK_ID, synthesizeFleetStack } from "../../lib/stacks/fleet-observability";
import { checkStructure, foreignInterpolations } from "../../lib/verify";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { FIXTURE_REALMS } from "../helpers/paths";
import { runRule } from "../policy/helpers";

type Json = Record<string, any>;
const SENTINEL = "dd-api-key-from-the-environment-0000";
const NR_SENTINEL = "NRAK-from-the-environment-0000";

function synthFleet(dir: string, backend: "local" | "remote" = "local"): { json: Json; file: string; manifest: Json } {
  const out = mkdtempSync(join(tmpdir(), "realmkit-fleet-"));
  try {
    const fleet = synthesizeFleetStack(loadInventory(dir), out, { backend })!;
    return {
      json: JSON.parse(readFileSync(fleet.file, "utf8")),
      file: fleet.file,
      manifest: JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
const res = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
const clone = (json: Json): Json => JSON.parse(JSON.stringify(json));

describe("fleet-observability stack of the sample inventory (Datadog, PagerDuty)", () => {
  const before = process.env.DD_API_KEY;
  process.env.DD_API_KEY = SENTINEL;
  const { json, manifest } = synthFleet(FIXTURE_REALMS);
  if (before === undefined) delete process.env.DD_API_KEY;
  else process.env.DD_API_KEY = before;
  const inventory = loadInventory(FIXTURE_REALMS);
  const plan = fleetPlan(inventory);

  test("is its own stack with its own state, listed in the manifest beside the realm stacks", () => {
    expect(manifest.stacks[FLEET_STACK_ID]).toBeDefined();
    expect(json.terraform.backend).toEqual({ local: { path: "terraform.fleet-observability.tfstate" } });
    expect(Object.keys(json.terraform.required_providers).sort()).toEqual(["datadog", "pagerduty"]);
  });

  test("is structurally sound, makes no foreign interpolation and passes the fleet checks", () => {
    expect(checkStructure(json, FLEET_STACK_ID)).toEqual([]);
    expect(foreignInterpolations(json, FLEET_STACK_ID)).toEqual([]);
    expect(checkFleetStack(json, plan)).toEqual([]);
  });

  test("integrates every realm cloud account on all three clouds", () => {
    expect(
      res(json, "datadog_integration_aws_account")
        .map((r) => r.aws_account_id)
        .sort(),
    ).toEqual(["555566667777", "222233334444", "555566667777", "444455556666", "111122223333", "888899990000"].sort());
    expect(
      res(json, "datadog_integration_aws_account").every((r) => r.auth_config.aws_auth_config_role.role_name === "ibc-datadog-integration"),
    ).toBe(true);
    expect(
      res(json, "datadog_integration_gcp_sts")
        .map((r) => r.client_email)
        .sort(),
    ).toEqual(["ibc-datadog@ibc-eu1-prod.iam.gserviceaccount.com", "ibc-datadog@ibc-us3-backup.iam.gserviceaccount.com"]);
    const [azure] = res(json, "datadog_integration_azure");
    expect(azure).toMatchObject({
      tenant_name: "0b7e4c21-3d59-4f8a-a1c6-94e2d7f05b3c",
      client_id: "3c9e1f4a-7b2d-4e8f-a6c1-5d0b9e2f7a13",
      host_filters: "realm:eu2",
      client_secret: "${var.datadog_azure_client_secret_eu2}",
    });
  });

  test("has a monitor per realm and deployed component, tagged by realm, provider, region, tier, wave and residency", () => {
    const monitors = res(json, "datadog_monitor");
    const expected = plan.realms.flatMap((r) => r.monitors);
    expect(monitors).toHaveLength(expected.length);
    for (const m of expected) {
      const hit = monitors.find((x) => x.name === `[${m.realm}] ${m.alert.title} (${m.provider} ${m.region})`);
      expect(hit).toBeDefined();
      for (const key of ["realm", "provider", "region", "tier", "wave", "residency"])
        expect(hit!.tags.some((t: string) => t.startsWith(`${key}:`))).toBe(true);
    }
    // Every realm's database, cluster and storage (us3's GCP buckets too).
    const components = new Set(
      monitors.map(
        (m) => `${m.tags.find((t: string) => t.startsWith("realm:"))}/${m.tags.find((t: string) => t.startsWith("component:"))}`,
      ),
    );
    expect(components).toEqual(
      new Set(
        [
          "au1/database",
          "au1/storage",
          "eu1/database",
          "eu1/cluster",
          "eu1/storage",
          "eu2/database",
          "eu2/cluster",
          "eu2/storage",
          "eu3/database",
          "eu3/cluster",
          "eu3/storage",
          "sg1/cluster",
          "sg1/storage",
          "stg1/database",
          "stg1/cluster",
          "stg1/storage",
          "us2/database",
          "us2/cluster",
          "us2/storage",
          "us3/cluster",
          "us3/database",
          "us3/storage",
        ].map((s) => `realm:${s.replace("/", "/component:")}`),
      ),
    );
  });

  test("thresholds, windows and severities come from the config layers", () => {
    const monitor = (realm: string, alert: string) =>
      res(json, "datadog_monitor").find((m) => m.tags.includes(`realm:${realm}`) && m.tags.includes(`alert:${alert}`))!;
    // prod layer: CPU 75%, critical (priority 1); staging layer: 90% over 15 minutes, medium.
    expect(monitor("us2", "databaseCpu")).toMatchObject({
      query: "avg(last_5m):avg:aws.rds.cpuutilization{realm:us2,region:us-east-2} > 75",
      priority: "1",
      monitor_thresholds: { critical: "75" },
    });
    expect(monitor("stg1", "databaseCpu")).toMatchObject({
      query: "avg(last_15m):avg:aws.rds.cpuutilization{realm:stg1,region:us-west-2} > 90",
      priority: "3",
    });
    // Free storage 15% of eu3's 500 GiB, in bytes, as CloudWatch reports it.
    expect(monitor("eu3", "databaseFreeStorage").query).toBe(
      "min(last_5m):min:aws.rds.free_storage_space{realm:eu3,region:eu-central-1} < 80530636800",
    );
    // GCP reports use as a fraction; the pool ceiling of eu1 is 12 nodes, 80% of it 9.
    expect(monitor("eu1", "databaseCpu").query).toContain("gcp.cloudsql.database.cpu.utilization{realm:eu1,region:europe-west3} > 0.75");
    expect(monitor("eu1", "nodePoolCapacity").query).toBe(
      "avg(last_10m):sum:gcp.gke.node.cpu.allocatable_cores{realm:eu1,region:europe-west3} > 9",
    );
    // Sparse series (replica lag, errors) are not alerted on silence; steady ones are.
    expect(monitor("us2", "storageErrors").notify_no_data).toBe(false);
    expect(monitor("us2", "databaseCpu").notify_no_data).toBe(true);
  });

  test("routes by tier: a PagerDuty service per realm, prod pages at high urgency, staging opens low-urgency incidents", () => {
    const services = res(json, "pagerduty_service");
    expect(services.map((s) => s.name).sort()).toEqual([
      "ibc-au1",
      "ibc-eu1",
      "ibc-eu2",
      "ibc-eu3",
      "ibc-sg1",
      "ibc-stg1",
      "ibc-us2",
      "ibc-us3",
    ]);
    expect(services.find((s) => s.name === "ibc-us2")!.incident_urgency_rule).toEqual({ type: "constant", urgency: "high" });
    expect(services.find((s) => s.name === "ibc-stg1")!.incident_urgency_rule).toEqual({ type: "constant", urgency: "low" });
    const policies = Object.entries(json.resource.pagerduty_escalation_policy as Json);
    expect(policies.map(([, p]) => p.name).sort()).toEqual(["realmkit-prod", "realmkit-staging"]);
    const prod = policies.find(([, p]) => p.name === "realmkit-prod")!;
    expect(prod[1].rule.map((r: Json) => r.target[0].id)).toEqual(["P7QK2LM", "P3XW9RT"]);
    expect(services.find((s) => s.name === "ibc-us2")!.escalation_policy).toBe(`\${pagerduty_escalation_policy.${prod[0]}.id}`);
  });

  test("wires monitors to the services through the Datadog-PagerDuty integration", () => {
    const objects = res(json, "datadog_integration_pagerduty_service_object");
    expect(objects).toHaveLength(8);
    const us2 = objects.find((o) => o.service_name === "ibc-us2")!;
    expect(us2.service_key).toMatch(/^\$\{pagerduty_service_integration\.integration-us2\.integration_key\}$/);
    const monitor = res(json, "datadog_monitor").find((m) => m.tags.includes("realm:us2"))!;
    expect(monitor.message).toContain("{{#is_alert}}@pagerduty-ibc-us2{{/is_alert}}");
    expect(monitor.depends_on[0]).toMatch(/^datadog_integration_pagerduty_service_object\./);
  });

  test("one dashboard per Datadog organisation: health tiles by wave, component views filtered by realm, cloud and region", () => {
    const dashboards = res(json, "datadog_dashboard_json").map((d) => JSON.parse(d.dashboard) as Json);
    expect(dashboards.map((d) => d.title).sort()).toEqual(["Realmkit fleet (datadoghq.com)", "Realmkit fleet (datadoghq.eu)"]);
    const us = dashboards.find((d) => d.title.includes("datadoghq.com"))!;
    expect(us.template_variables.map((v: Json) => [v.name, v.prefix])).toEqual([
      ["realm", "realm"],
      ["cloud", "provider"],
      ["region", "region"],
    ]);
    const groups = us.widgets.map((w: Json) => w.definition);
    expect(groups.map((g: Json) => [g.type, g.title])).toEqual([
      ["group", "Wave 0"],
      ["group", "Wave 2"],
      ["group", "Databases"],
      ["group", "Clusters"],
      ["group", "Storage"],
    ]);
    expect(groups[0].widgets.map((w: Json) => w.definition.query)).toEqual(['tag:"realm:stg1"']);
    expect(groups[1].widgets.map((w: Json) => [w.definition.type, w.definition.query]).sort()).toEqual([
      ["manage_status", 'tag:"realm:au1"'],
      ["manage_status", 'tag:"realm:sg1"'],
      ["manage_status", 'tag:"realm:us2"'],
      ["manage_status", 'tag:"realm:us3"'],
    ]);
    const cpu = groups[2].widgets[0].definition;
    expect(cpu.type).toBe("timeseries");
    expect(cpu.requests.map((r: Json) => r.q)).toEqual([
      "avg:aws.rds.cpuutilization{$realm,$cloud,$region} by {realm,region}",
      "avg:gcp.cloudsql.database.cpu.utilization{$realm,$cloud,$region} by {realm,region}",
    ]);
  });

  test("logs go only to a site inside the residency: EU realms to datadoghq.eu, au1 and sg1 (no site at home) nowhere", () => {
    const providers = Object.fromEntries(json.provider.datadog.map((p: Json) => [`datadog.${p.alias}`, p.api_url]));
    for (const r of res(json, "datadog_integration_aws_account")) {
      const realm = r.account_tags.find((t: string) => t.startsWith("realm:")).slice(6);
      const lambdas = r.logs_config.lambda_forwarder.lambdas;
      if (realm === "eu3") expect([providers[r.provider], lambdas.length]).toEqual(["https://api.datadoghq.eu/", 1]);
      else if (realm === "au1" || realm === "sg1") expect([providers[r.provider], lambdas]).toEqual(["https://api.datadoghq.com/", []]);
      else
        expect(lambdas).toEqual([
          `arn:aws:lambda:${r.aws_regions.include_only[0]}:${r.aws_account_id}:function:ibc-${realm}-datadog-forwarder`,
        ]);
    }
    expect(plan.realms.find((r) => r.realm === "au1")!.logs).toEqual({
      forward: false,
      reason: "datadog datadoghq.com keeps data in us, outside residency au",
    });
  });

  test("no credential in the stack: keys are sensitive inputs, the environment's key never lands in the JSON", () => {
    const text = JSON.stringify(json);
    expect(text).not.toContain(SENTINEL);
    expect(json.provider.datadog.map((p: Json) => p.api_key)).toEqual([
      "${var.datadog_api_key_datadoghq_com}",
      "${var.datadog_api_key_datadoghq_eu}",
    ]);
    expect(json.provider.pagerduty).toEqual([{}]);
    for (const [name, v] of Object.entries(json.variable as Record<string, Json>))
      expect([name, v.sensitive, v.default]).toEqual([name, true, undefined]);
  });

  test("the fleet check catches a dropped monitor, a prod realm without paging and logs sent out of residency", () => {
    const dropped = clone(json);
    const key = Object.keys(dropped.resource.datadog_monitor).find((k) => dropped.resource.datadog_monitor[k].tags.includes("realm:us2"))!;
    delete dropped.resource.datadog_monitor[key];
    expect(checkFleetStack(dropped, plan).map((p) => [p.code, p.realm])).toEqual([["RK-OBSERVABILITY-COVERAGE", "us2"]]);

    const unpaged = clone(json);
    for (const [k, s] of Object.entries(unpaged.resource.pagerduty_service as Json))
      if (s.name === "ibc-eu1") delete unpaged.resource.pagerduty_service[k];
    expect(checkFleetStack(unpaged, plan).map((p) => [p.code, p.realm])).toEqual([["RK-OBSERVABILITY-PAGING", "eu1"]]);

    const leaked = clone(json);
    const us = Object.values(leaked.resource.datadog_integration_aws_account as Json).find((r: Json) =>
      r.account_tags.includes("realm:us2"),
    ) as Json;
    const eu = Object.values(leaked.resource.datadog_integration_aws_account as Json).find((r: Json) =>
      r.account_tags.includes("realm:eu3"),
    ) as Json;
    eu.provider = us.provider;
    expect(checkFleetStack(leaked, plan).map((p) => p.code)).toEqual(["RK-OBSERVABILITY-LOG-RESIDENCY"]);
  });

  test("the fleet check catches an integration naming another forwarder than the realm's stack creates, or one where none is planned", () => {
    const renamed = clone(json);
    const us2 = Object.values(renamed.resource.datadog_integration_aws_account as Json).find((r: Json) =>
      r.account_tags.includes("realm:us2"),
    ) as Json;
    us2.logs_config.lambda_forwarder.lambdas = ["arn:aws:lambda:us-east-2:111122223333:function:DatadogForwarder"];
    const au1 = Object.values(renamed.resource.datadog_integration_aws_account as Json).find((r: Json) =>
      r.account_tags.includes("realm:au1"),
    ) as Json;
    au1.logs_config.lambda_forwarder.lambdas = ["arn:aws:lambda:ap-southeast-2:555566667777:function:ibc-au1-datadog-forwarder"];
    expect(checkFleetStack(renamed, plan).map((p) => [p.code, p.realm])).toEqual([
      ["RK-OBSERVABILITY-LOG-RESIDENCY", "au1"],
      ["RK-OBSERVABILITY-LOG-RESIDENCY", "au1"],
      ["RK-OBSERVABILITY-LOG-RESIDENCY", "us2"],
    ]);
  });

  test("matches its reviewed snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});

describe("the aggregator seam: New Relic instead of Datadog", () => {
  const dir = tempInventory(
    {
      "_defaults.yaml": readFileSync(join(FIXTURE_REALMS, "_defaults.yaml"), "utf8").replace("aggregator: datadog", "aggregator: newrelic"),
    },
    "samples",
  );
  const eu2 = readFileSync(join(dir, "eu2.yaml"), "utf8").replace(
    "newrelic: { region: EU }",
    "newrelic: { region: EU, azureClientId: 6b1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f }",
  );
  require("node:fs").writeFileSync(join(dir, "eu2.yaml"), eu2);
  afterAll(() => removeInventory(dir));
  const before = process.env.NEW_RELIC_API_KEY;
  process.env.NEW_RELIC_API_KEY = NR_SENTINEL;
  const { json } = synthFleet(dir);
  if (before === undefined) delete process.env.NEW_RELIC_API_KEY;
  else process.env.NEW_RELIC_API_KEY = before;
  const plan = fleetPlan(loadInventory(dir));

  test("links every cloud account and has an NRQL condition per monitor, with no Datadog resource", () => {
    expect(Object.keys(json.resource).filter((t) => t.startsWith("datadog_"))).toEqual([]);
    expect(
      res(json, "newrelic_cloud_aws_link_account")
        .map((r) => r.arn)
        .sort(),
    ).toContain("arn:aws:iam::111122223333:role/ibc-newrelic-integration");
    expect(
      res(json, "newrelic_cloud_gcp_link_account")
        .map((r) => r.project_id)
        .sort(),
    ).toEqual(["ibc-eu1-prod", "ibc-us3-backup"]);
    expect(res(json, "newrelic_cloud_azure_link_account")).toHaveLength(1);
    expect(res(json, "newrelic_nrql_alert_condition")).toHaveLength(plan.realms.flatMap((r) => r.monitors).length);
    const cpu = res(json, "newrelic_nrql_alert_condition").find((c) => c.name === "[us2] database CPU (aws us-east-2)")!;
    expect(cpu.nrql.query).toBe("SELECT average(`aws.rds.CPUUtilization`) FROM Metric WHERE realm = 'us2' AND region = 'us-east-2'");
    expect(cpu.critical).toMatchObject({ operator: "above", threshold: 75, threshold_duration: 300 });
    expect(checkFleetStack(json, plan)).toEqual([]);
    expect(checkStructure(json, FLEET_STACK_ID)).toEqual([]);
  });

  test("EU realms go to New Relic's EU region, the others to US, each with its own provider", () => {
    expect(json.provider.newrelic.map((p: Json) => [p.alias, p.region]).sort()).toEqual([
      ["newrelic_eu", "EU"],
      ["newrelic_us", "US"],
    ]);
    const eu1 = res(json, "newrelic_cloud_gcp_link_account").find((r) => r.project_id === "ibc-eu1-prod")!;
    expect(eu1.provider).toBe("newrelic.newrelic_eu");
  });

  /** The realm's chain as New Relic follows it: policy -> workflow -> channel -> destination -> integration -> service. */
  const chain = (doc: Json, realm: string) => {
    const all = (type: string): [string, Json][] => Object.entries((doc.resource[type] ?? {}) as Json);
    const ref = (type: string, key: string, attr: string) => `\${${type}.${key}.${attr}}`;
    const byRef = (type: string, value: unknown, attr = "id") => all(type).find(([k]) => ref(type, k, attr) === value);
    const policy = all("newrelic_alert_policy").find(([, p]) => p.name === `ibc-${realm}`)!;
    const workflow = all("newrelic_workflow").find(([, w]) =>
      w.issues_filter.predicate.some((p: Json) => p.values.includes(ref("newrelic_alert_policy", policy[0], "id"))),
    );
    const channel = workflow && byRef("newrelic_notification_channel", workflow[1].destination[0].channel_id);
    const destination = channel && byRef("newrelic_notification_destination", channel[1].destination_id);
    const integration = destination && byRef("pagerduty_service_integration", destination[1].auth_token?.token, "integration_key");
    const service = integration && byRef("pagerduty_service", integration[1].service);
    return { policy, workflow, channel, destination, integration, service };
  };

  test("each paged realm's alert policy reaches its PagerDuty service: workflow, channel, destination with the integration key", () => {
    expect(res(json, "newrelic_workflow")).toHaveLength(8);
    for (const realm of ["au1", "eu1", "eu2", "eu3", "sg1", "stg1", "us2", "us3"]) {
      const c = chain(json, realm);
      expect(c.workflow![1]).toMatchObject({
        name: `ibc-${realm}`,
        enabled: true,
        issues_filter: { type: "FILTER", predicate: [{ attribute: "labels.policyIds", operator: "EXACTLY_MATCHES" }] },
      });
      expect(c.workflow![1].destination[0].notification_triggers).toEqual(["ACTIVATED", "ACKNOWLEDGED", "CLOSED"]);
      expect(c.channel![1]).toMatchObject({ type: "PAGERDUTY_SERVICE_INTEGRATION", product: "IINT" });
      expect(c.channel![1].property).toEqual([{ key: "summary", value: `[${realm}] {{ annotations.title.[0] }}` }]);
      expect(c.destination![1]).toMatchObject({ type: "PAGERDUTY_SERVICE_INTEGRATION", auth_token: { prefix: "Token token=" } });
      // The key is a reference to the service's integration, resolved by Terraform at apply.
      expect(c.destination![1].auth_token.token).toBe(`\${pagerduty_service_integration.integration-${realm}.integration_key}`);
      expect(c.integration![1]).toMatchObject({ type: "events_api_v2_inbound_integration" });
      expect(c.integration![1].vendor).toBeUndefined();
      expect(c.service![1].name).toBe(`ibc-${realm}`);
      // Channel, destination and workflow sit on the realm's New Relic region.
      for (const r of [c.workflow!, c.channel!, c.destination!]) expect(r[1].provider).toBe(c.policy[1].provider);
    }
    // Prod pages, staging opens an incident nobody is woken for: the service's urgency, as for Datadog.
    expect(chain(json, "us2").service![1].incident_urgency_rule).toEqual({ type: "constant", urgency: "high" });
    expect(chain(json, "stg1").service![1].incident_urgency_rule).toEqual({ type: "constant", urgency: "low" });
    expect(chain(json, "stg1").channel![1].name).toBe("ibc-stg1 PagerDuty (low urgency)");
    expect(json.data?.pagerduty_vendor).toBeUndefined();
  });

  test("no key in the JSON: the environment's New Relic key never lands there, every destination token is a reference", () => {
    const text = JSON.stringify(json);
    expect(text).not.toContain(NR_SENTINEL);
    for (const d of res(json, "newrelic_notification_destination"))
      expect(d.auth_token.token).toMatch(/^\$\{pagerduty_service_integration\.[^.]+\.integration_key\}$/);
    expect(json.provider.newrelic.every((p: Json) => p.api_key === undefined && p.account_id === undefined)).toBe(true);
  });

  test("RK-OBSERVABILITY-PAGING holds for New Relic prod realms and fails when a link of the route is missing", () => {
    // The realm-file side (the guardrail run by `realmkit policy` and the synth gate).
    const prod = loadInventory(dir).realms.filter((r) => r.config.tier === "prod");
    expect(prod.map((r) => r.id).sort()).toEqual(["au1", "eu1", "eu2", "eu3", "sg1", "us2", "us3"]);
    for (const realm of prod) {
      const findings = runRule("RK-OBSERVABILITY-PAGING", { resource: {} }, { realm });
      expect(findings.map((f) => [realm.id, f.status])).toEqual([[realm.id, "pass"]]);
    }
    // The fleet-stack side: the route itself, link by link.
    expect(checkFleetStack(json, plan).filter((p) => p.code === "RK-OBSERVABILITY-PAGING")).toEqual([]);
    const broken = (edit: (doc: Json) => void) => {
      const doc = clone(json);
      edit(doc);
      return checkFleetStack(doc, plan).map((p) => [p.code, p.realm, p.message]);
    };
    const paging = (realm: string, why: string) => [["RK-OBSERVABILITY-PAGING", realm, `prod realm ${realm} pages nobody: ${why}`]];
    const noRoute = (realm: string) =>
      paging(
        realm,
        `the New Relic workflow of alert policy ibc-${realm} reaches no PagerDuty destination holding the integration key of service ibc-${realm}`,
      );

    expect(broken((d) => delete d.resource.newrelic_workflow[chain(d, "us2").workflow![0]])).toEqual(
      paging("us2", "no New Relic workflow sends the issues of alert policy ibc-us2 anywhere"),
    );
    expect(broken((d) => delete d.resource.newrelic_notification_channel[chain(d, "eu3").channel![0]])).toEqual(noRoute("eu3"));
    expect(broken((d) => (chain(d, "eu1").destination![1].auth_token.token = "0123456789abcdef0123456789abcdef"))).toEqual(noRoute("eu1"));
    // us2's destination holding eu1's key pages the wrong team.
    expect(
      broken(
        (d) => (chain(d, "us2").destination![1].auth_token.token = "${pagerduty_service_integration.integration-eu1.integration_key}"),
      ),
    ).toEqual(noRoute("us2"));
    expect(broken((d) => (chain(d, "us2").workflow![1].enabled = false))).toEqual(noRoute("us2"));
    // A staging realm without the route is not a paging failure (paging is optional there).
    expect(broken((d) => delete d.resource.newrelic_workflow[chain(d, "stg1").workflow![0]])).toEqual([]);
  });
});

describe("New Relic realms without paging mail their alert e-mails", () => {
  const dir = tempInventory(
    {
      "_defaults.yaml": readFileSync(join(FIXTURE_REALMS, "_defaults.yaml"), "utf8").replace("aggregator: datadog", "aggregator: newrelic"),
      "_layers/staging.yaml": readFileSync(join(FIXTURE_REALMS, "_layers/staging.yaml"), "utf8").replace(/^  paging: .*$/m, ""),
    },
    "samples",
  );
  writeFileSync(
    join(dir, "eu2.yaml"),
    readFileSync(join(dir, "eu2.yaml"), "utf8").replace(
      "newrelic: { region: EU }",
      "newrelic: { region: EU, azureClientId: 6b1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f }",
    ),
  );
  afterAll(() => removeInventory(dir));
  const { json } = synthFleet(dir);

  test("an e-mail destination and channel and a workflow on the realm's policy, no PagerDuty service", () => {
    expect(res(json, "pagerduty_service").map((s) => s.name)).not.toContain("ibc-stg1");
    const [key, policy] = Object.entries(json.resource.newrelic_alert_policy as Json).find(([, p]) => p.name === "ibc-stg1")!;
    const workflow = res(json, "newrelic_workflow").find((w) => w.name === "ibc-stg1")!;
    expect(workflow.issues_filter.predicate[0].values).toEqual([`\${newrelic_alert_policy.${key}.id}`]);
    const channelKey = /^\$\{newrelic_notification_channel\.([^.]+)\.id\}$/.exec(workflow.destination[0].channel_id)![1]!;
    const channel = json.resource.newrelic_notification_channel[channelKey];
    expect(channel).toMatchObject({ type: "EMAIL", product: "IINT", provider: policy.provider });
    const destKey = /^\$\{newrelic_notification_destination\.([^.]+)\.id\}$/.exec(channel.destination_id)![1]!;
    expect(json.resource.newrelic_notification_destination[destKey]).toMatchObject({
      type: "EMAIL",
      property: [{ key: "email", value: "platform-alerts@ibc.example.com" }],
    });
    expect(json.resource.newrelic_notification_destination[destKey].auth_token).toBeUndefined();
  });
});
