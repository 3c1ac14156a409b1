import { loadInventory } from "../../lib/model/inventory";
import { costReport } from "../../lib/fleet/cost";
import { builtInRows, FLOW_KINDS } from "../../lib/fleet/prices";
import { userErrors } from "../../lib/config/errors";
import { realmkit } from "../helpers/cli";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";
import { FLEET_FIXTURE } from "./helpers";

// Every number below was worked out by hand from lib/fleet/data/prices.json and the fixture.
describe("realmkit cost on the fleet fixture", () => {
  const report = costReport(loadInventory(FLEET_FIXTURE).realms);
  const flow = (realm: string, name: string) => report.flows.find((f) => f.realm === realm && f.name === name)!;

  test("each declared flow is classified and priced by its row", () => {
    expect(flow("a1", "replica-feed")).toMatchObject({
      kind: "inter-region",
      gbPerMonth: 1000,
      usdPerGb: 0.02,
      priceRow: "aws/inter-region",
      usdPerMonth: 20,
      crossCloud: false,
      interContinent: false,
    });
    expect(flow("a1", "status-page")).toMatchObject({ kind: "internet", usdPerGb: 0.09, usdPerMonth: 45 });
    expect(flow("a1", "analytics")).toMatchObject({
      kind: "cross-cloud",
      priceRow: "aws/cross-cloud",
      usdPerMonth: 18,
      crossCloud: true,
      interContinent: true,
    });
    expect(flow("a3", "apac-support")).toMatchObject({
      kind: "inter-continent",
      usdPerGb: 0.09,
      usdPerMonth: 3.6,
      interContinent: true,
      crossCloud: false,
    });
    expect(flow("g1", "crm-sync")).toMatchObject({
      kind: "cross-cloud",
      destination: "realm a1 (aws us-east-1)",
      priceRow: "gcp/cross-cloud",
      usdPerGb: 0.12,
      usdPerMonth: 12,
      interContinent: true,
    });
    expect(flow("g1", "eu-archive")).toMatchObject({ kind: "inter-region", destination: "residency eu", usdPerMonth: 1 });
    expect(flow("a1", "replica-feed").formula).toBe("1000 GB × 0.02 USD/GB = 20.00 USD");
  });

  test("a row overridden in _defaults.yaml is used and names its own source and line", () => {
    const webhooks = flow("g1", "webhooks");
    expect(webhooks).toMatchObject({ priceRow: "gcp/internet", usdPerGb: 0.1, usdPerMonth: 1, priceAsOf: "2026-01-01" });
    expect(webhooks.priceSource).toMatch(/^ACME-Google agreement 2026 §4 \(.*_defaults\.yaml:25:3\)$/);
  });

  test("Realmkit adds the flows its stacks create, with the configured estimate", () => {
    expect(flow("a2", "database-ha-replication")).toMatchObject({
      origin: "realmkit",
      kind: "database-replication",
      gbPerMonth: 250,
      usdPerMonth: 0,
    });
    expect(flow("a3", "storage-replica-gcp")).toMatchObject({
      origin: "realmkit",
      kind: "cross-cloud",
      to: "gcp:us-east4",
      gbPerMonth: 100,
      usdPerMonth: 9,
      crossCloud: true,
      interContinent: false,
    });
    expect(report.flows.filter((f) => f.realm === "s1")).toEqual([]);
  });

  test("realm and fleet totals", () => {
    expect(report.realms).toEqual([
      { realm: "a1", flows: 4, gbPerMonth: 1950, usdPerMonth: 83 },
      { realm: "a2", flows: 1, gbPerMonth: 250, usdPerMonth: 0 },
      { realm: "a3", flows: 3, gbPerMonth: 390, usdPerMonth: 12.6 },
      { realm: "g1", flows: 4, gbPerMonth: 410, usdPerMonth: 14 },
      { realm: "s1", flows: 0, gbPerMonth: 0, usdPerMonth: 0 },
    ]);
    expect(report.fleet).toEqual({
      flows: 12,
      gbPerMonth: 3000,
      usdPerMonth: 109.6,
      crossCloudUsdPerMonth: 39,
      interContinentUsdPerMonth: 33.6,
    });
  });

  test("the price table has a row with source and date for every provider and kind", () => {
    const rows = builtInRows();
    for (const provider of ["aws", "gcp", "azure"])
      for (const kind of FLOW_KINDS) expect(rows.find((r) => r.id === `${provider}/${kind}`)).toBeDefined();
    for (const r of rows) {
      expect(r.source).toMatch(/^https:\/\//);
      expect(r.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe("realmkit cost: bad destinations", () => {
  test("an unknown destination and a flow to itself are errors at their line", () => {
    const dir = tempInventory({
      "_defaults.yaml": MINIMAL_DEFAULTS,
      "t1.yaml": `realm: t1\n${awsCloud()}dataFlows:\n  - { name: x, to: nowhere-9, gbPerMonth: 1, personalData: false }\n  - { name: y, to: t1, gbPerMonth: 1, personalData: false }\n  - { name: z, to: "__proto__", gbPerMonth: 1, personalData: false }\n`,
    });
    try {
      let thrown: unknown;
      try {
        costReport(loadInventory(dir).realms);
      } catch (err) {
        thrown = err;
      }
      const errors = userErrors(thrown)!;
      expect(errors.map((e) => [e.code, e.location?.line])).toEqual([
        ["RK-FLEET-UNKNOWN-DESTINATION", 7],
        ["RK-FLEET-FLOW-TO-SELF", 8],
        ["RK-FLEET-UNKNOWN-DESTINATION", 9],
      ]);
      const cli = realmkit(["cost", "--realms", dir]);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(/t1\.yaml:7:\d+ {2}error {2}RK-FLEET-UNKNOWN-DESTINATION/);
      expect(cli.stderr).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      removeInventory(dir);
    }
  });
});

describe("realmkit cost CLI", () => {
  test("--json for chosen realms, text with formulas", () => {
    const json = realmkit(["cost", "a3", "g1", "--json", "--realms", FLEET_FIXTURE]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.realms.map((r: { realm: string }) => r.realm)).toEqual(["a3", "g1"]);
    expect(parsed.fleet.usdPerMonth).toBe(26.6);
    const text = realmkit(["cost", "--realms", FLEET_FIXTURE]);
    expect(text.stdout).toContain("a1/replica-feed: 1000 GB × 0.02 USD/GB = 20.00 USD");
    expect(text.stdout).toContain("fleet: 12 flows, 3000 GB/month, 109.60 USD/month (cross-cloud 39.00, inter-continent 33.60)");
    expect(realmkit(["cost", "zz9", "--realms", FLEET_FIXTURE]).stderr).toContain("RK-FLEET-UNKNOWN-REALM");
  });
});
