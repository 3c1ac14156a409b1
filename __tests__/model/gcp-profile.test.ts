import type { RealmkitError } from "../../lib/config/errors";
import { overlaps, parseCidr } from "../../lib/model/cidr";
import { inspectInventory } from "../../lib/model/inventory";
import { resourceName } from "../../lib/model/naming";
import { gcpNetworkLayout, gcpProfile } from "../../lib/model/providers/gcp";
import { realmTags } from "../../lib/model/tags";
import { MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

describe("GCP network layout", () => {
  it("cuts one regional node range, the GKE and Cloud SQL ranges, and half the realm for pods", () => {
    expect(gcpNetworkLayout("10.60.0.0/16", 3)).toEqual({
      private: ["10.60.0.0/19"],
      public: [],
      database: [],
      extra: {
        services: "10.60.32.0/20",
        privateServiceAccess: "10.60.48.0/20",
        controlPlane: "10.60.64.0/28",
        pods: "10.60.128.0/17",
      },
    });
  });

  it("keeps the same cut for every zone count, so changing zones never moves a range", () => {
    for (const zones of [1, 2, 4, 6]) expect(gcpNetworkLayout("10.60.0.0/16", zones)).toEqual(gcpNetworkLayout("10.60.0.0/16", 3));
  });

  it("keeps every range inside the realm network and apart from the others, for any realm size", () => {
    for (const cidr of ["10.0.0.0/8", "10.60.0.0/16", "172.16.0.0/12", "192.168.16.0/20"]) {
      const layout = gcpNetworkLayout(cidr, 3);
      const realm = parseCidr(cidr)!;
      const ranges = [...layout.private, ...Object.values(layout.extra)].map((r) => parseCidr(r)!);
      for (const r of ranges) expect(overlaps(r, realm) && r.prefix >= realm.prefix).toBe(true);
      for (let i = 0; i < ranges.length; i++)
        for (let j = i + 1; j < ranges.length; j++) expect(overlaps(ranges[i]!, ranges[j]!)).toBe(false);
    }
  });

  it("accepts realms down to /20, where private services access still gets Google's minimum /24", () => {
    expect(gcpNetworkLayout("10.70.16.0/20", 2)).toMatchObject({
      private: ["10.70.16.0/23"],
      extra: { privateServiceAccess: "10.70.19.0/24", pods: "10.70.24.0/21" },
    });
    expect(() => gcpNetworkLayout("10.70.0.0/21", 2)).toThrow(/too small: GCP realms need a prefix of \/20/);
    expect(() => gcpNetworkLayout("10.70.0.0/16", 0)).toThrow(RangeError);
    expect(() => gcpNetworkLayout("10.70.0.1/16", 2)).toThrow(/not a valid IPv4 CIDR/);
  });
});

describe("GCP names and labels", () => {
  it("keeps GKE names within 40 characters and service account ids within 30", () => {
    expect(resourceName("gcp", "cluster", "eu1", "gke")).toBe("ibc-eu1-gke");
    expect(resourceName("gcp", "cluster", "abcdefghijkl", "a-rather-long-pool-name-x").length).toBeLessThanOrEqual(40);
    expect(resourceName("gcp", "serviceAccount", "abcdefghijkl", "gke-nodes").length).toBeLessThanOrEqual(30);
  });

  it("normalises labels to what GCP accepts: lowercase, [a-z0-9_-], at most 63 characters", () => {
    expect(gcpProfile.tagKey("Cost.Center")).toBe("cost_center");
    expect(gcpProfile.tagValue("Platform Team/EU")).toBe("platform_team_eu");
    expect(gcpProfile.tagValue("x".repeat(80))).toHaveLength(63);
  });
});

describe("GCP cloud entries", () => {
  let dirs: string[] = [];
  afterEach(() => {
    dirs.forEach(removeInventory);
    dirs = [];
  });
  const problems = (cloud: string, residency = "eu"): RealmkitError[] => {
    const dir = tempInventory({ "_defaults.yaml": MINIMAL_DEFAULTS, "r1.yaml": `realm: r1\nresidency: ${residency}\nclouds:\n${cloud}` });
    dirs.push(dir);
    return [...inspectInventory(dir).errors];
  };
  const gcp = (extra = '    projectNumber: "418027365091"\n', account = "ibc-r1-prod") =>
    `  - provider: gcp\n    region: europe-west3\n    account: ${account}\n${extra}`;

  it("accepts a project id with its project number and models labels for it", () => {
    const dir = tempInventory({
      "_defaults.yaml": MINIMAL_DEFAULTS,
      "r1.yaml": `realm: r1\nresidency: eu\ntags: { team: "Core Platform" }\nclouds:\n${gcp()}`,
    });
    dirs.push(dir);
    const { inventory, errors } = inspectInventory(dir);
    expect(errors).toEqual([]);
    const realm = inventory.realms[0]!;
    expect(realm.targets[0]!.cloud.projectNumber).toBe("418027365091");
    expect(realmTags(realm.config, realm.targets[0]!)).toMatchObject({
      team: "core_platform",
      provider: "gcp",
      region: "europe-west3",
      "managed-by": "realmkit",
    });
  });

  it("requires the project number on a gcp entry, pointing at the entry", () => {
    const [e, ...rest] = problems(gcp(""));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ code: "RK-CONFIG-MISSING-KEY", message: "`clouds[0]` needs `projectNumber`" });
    expect([e!.location!.file.split("/").pop(), e!.location!.line]).toEqual(["r1.yaml", 4]);
  });

  it("rejects a project number that is not digits, or written as a YAML number", () => {
    const [e] = problems(gcp("    projectNumber: ibc-r1-prod\n"));
    expect(e).toMatchObject({ code: "RK-CONFIG-INVALID-VALUE", value: "ibc-r1-prod" });
    expect(e!.fix).toContain("GCP project number");
    const [n] = problems(gcp("    projectNumber: 418027365091\n"));
    expect(n!.code).toBe("RK-CONFIG-WRONG-TYPE");
  });

  it("rejects an account that is not a project id", () => {
    for (const account of ["IBC-Prod", "123456789012", "ibc-", "abc"]) {
      const [e] = problems(gcp(undefined, `"${account}"`));
      expect(e).toMatchObject({ code: "RK-CONFIG-INVALID-VALUE", value: account });
      expect(e!.message).toContain("GCP project id");
    }
  });

  it("rejects GCP-only fields on another provider's entry", () => {
    const errors = problems(
      `  - provider: aws\n    region: us-east-2\n    account: "111122223333"\n    projectNumber: "418027365091"\n    workloadIdentityProvider: projects/1/locations/global/workloadIdentityPools/ci/providers/gh\n`,
      "us",
    );
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ["RK-CONFIG-INVALID-VALUE", "`projectNumber` applies to gcp cloud entries only, not aws"],
      ["RK-CONFIG-INVALID-VALUE", "`workloadIdentityProvider` applies to gcp cloud entries only, not aws"],
    ]);
  });

  it("rejects a network too small for GKE and Cloud SQL on GCP", () => {
    const dir = tempInventory({
      "_defaults.yaml": MINIMAL_DEFAULTS,
      "r1.yaml": `realm: r1\nresidency: eu\nnetwork: { cidr: 10.1.0.0/22, zones: 2 }\nclouds:\n${gcp()}`,
    });
    dirs.push(dir);
    const [e] = inspectInventory(dir).errors;
    expect(e).toMatchObject({ code: "RK-CONFIG-CIDR-SIZE" });
    expect(e!.message).toContain("(gcp)");
  });
});
