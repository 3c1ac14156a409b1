import { datadogLogsIntake, siteOfLogsIntake } from "../../lib/model/aggregator-sites";
import { loadInventory } from "../../lib/model/inventory";
import { realmLogForwarder } from "../../lib/observability/log-forwarding";
import { FIXTURE_REALMS } from "../helpers/paths";
import { removeInventory, tempInventory } from "../helpers/inventory";

describe("the realm side of log forwarding, as data", () => {
  const realms = new Map(loadInventory(FIXTURE_REALMS).realms.map((r) => [r.id, r]));

  test("each sample realm's forwarder: its own region, its site's intake, the secret named in the config; none without a site at home", () => {
    const plans = [...realms.values()].flatMap((r) => r.targets.map((t) => [t.stackId, realmLogForwarder(r, t)] as const));
    expect(Object.fromEntries(plans.map(([id, f]) => [id, f && `${f.region} ${f.intakeUrl} ${f.apiKeySecret}`]))).toEqual({
      "realm-au1": undefined,
      "realm-eu1": "europe-west3 https://http-intake.logs.datadoghq.eu ibc-datadog-api-key",
      "realm-eu2": "germanywestcentral https://http-intake.logs.datadoghq.eu ibc-datadog-api-key",
      "realm-eu3": "eu-central-1 https://http-intake.logs.datadoghq.eu ibc-datadog-api-key",
      "realm-sg1": undefined,
      "realm-stg1": "us-west-2 https://http-intake.logs.datadoghq.com ibc-datadog-api-key",
      "realm-us2": "us-east-2 https://http-intake.logs.datadoghq.com ibc-datadog-api-key",
      "realm-us3": "us-east-1 https://http-intake.logs.datadoghq.com ibc-datadog-api-key",
      "realm-us3-gcp": "us-east4 https://http-intake.logs.datadoghq.com ibc-datadog-api-key",
    });
  });

  test("a New Relic realm gets no Datadog forwarder, and a realm may name its own secret", () => {
    const dir = tempInventory(
      {
        "us2.yaml":
          'realm: us2\nextends: [prod]\nwave: 1\ncompliance: [soc2]\nresidency: us\nclouds:\n  - { provider: aws, region: us-east-2, account: "111122223333" }\nnetwork: { cidr: 10.10.0.0/16 }\nobservability: { aggregator: newrelic }\n',
        "stg1.yaml":
          'realm: stg1\nextends: [staging]\nwave: 0\ncompliance: []\nresidency: us\nclouds:\n  - { provider: aws, region: us-west-2, account: "444455556666" }\nnetwork: { cidr: 10.30.0.0/16 }\nobservability: { datadog: { apiKeySecretName: stg1-datadog } }\n',
      },
      "samples",
    );
    try {
      const inv = new Map(loadInventory(dir, ["us2", "stg1"]).realms.map((r) => [r.id, r]));
      const us2 = inv.get("us2")!;
      expect(realmLogForwarder(us2, us2.targets[0]!)).toBeUndefined();
      const stg1 = inv.get("stg1")!;
      expect(realmLogForwarder(stg1, stg1.targets[0]!)?.apiKeySecret).toBe("stg1-datadog");
    } finally {
      removeInventory(dir);
    }
  });

  test("intake addresses round-trip to their site; anything else is no Datadog site", () => {
    expect(siteOfLogsIntake(datadogLogsIntake("datadoghq.eu"))?.zone).toBe("eu");
    expect(siteOfLogsIntake("https://http-intake.logs.us5.datadoghq.com/")?.site).toBe("us5.datadoghq.com");
    expect(siteOfLogsIntake("https://http-intake.logs.example.com")).toBeUndefined();
    expect(siteOfLogsIntake("http://http-intake.logs.datadoghq.eu")).toBeUndefined();
  });
});
