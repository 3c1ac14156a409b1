import type { RealmkitError } from "../../lib/config/errors";
import { overlaps, parseCidr } from "../../lib/model/cidr";
import { inspectInventory } from "../../lib/model/inventory";
import { resourceName, shortHash } from "../../lib/model/naming";
import { azureNetworkLayout, azurePairedRegion, azureProfile } from "../../lib/model/providers/azure";
import { regionAllowed } from "../../lib/model/residency";
import { MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

describe("Azure network layout", () => {
  it("cuts one regional node, endpoint, database and API server subnet from the realm range", () => {
    expect(azureNetworkLayout("10.80.0.0/16", 3)).toEqual({
      private: ["10.80.0.0/19"],
      public: [],
      database: ["10.80.48.0/20"],
      extra: { endpoints: "10.80.32.0/20", apiServer: "10.80.64.0/20", aksPods: "10.244.0.0/16", aksServices: "10.245.0.0/16" },
    });
  });

  it("keeps the same cut for every zone count, so changing zones never moves a subnet", () => {
    expect(azureNetworkLayout("10.80.0.0/16", 1)).toEqual(azureNetworkLayout("10.80.0.0/16", 3));
  });

  it("accepts realms down to /22 and refuses smaller ones", () => {
    expect(azureNetworkLayout("10.50.0.0/22", 2)).toMatchObject({
      private: ["10.50.0.0/25"],
      database: ["10.50.0.192/26"],
      extra: { endpoints: "10.50.0.128/26", apiServer: "10.50.1.0/26" },
    });
    expect(() => azureNetworkLayout("10.50.0.0/23", 2)).toThrow(/too small: Azure realms need a prefix of \/22/);
  });

  it("places the AKS overlay ranges outside the realm range, whatever the realm range", () => {
    for (const cidr of ["10.80.0.0/16", "10.244.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]) {
      const { extra } = azureNetworkLayout(cidr, 3);
      const realm = parseCidr(cidr)!;
      const pods = parseCidr(extra.aksPods!)!;
      const services = parseCidr(extra.aksServices!)!;
      expect([overlaps(pods, realm), overlaps(services, realm), overlaps(pods, services)]).toEqual([false, false, false]);
    }
    expect(azureNetworkLayout("10.0.0.0/8", 3).extra).toMatchObject({ aksPods: "172.20.0.0/16", aksServices: "172.21.0.0/16" });
  });
});

describe("Azure regions and names", () => {
  it("knows each catalogue region's pair and whether it stays in the residency", () => {
    expect(azurePairedRegion("germanywestcentral")).toEqual({ region: "germanynorth", zone: "eu" });
    expect(azurePairedRegion("brazilsouth")).toEqual({ region: "southcentralus", zone: "us" });
    expect(azurePairedRegion("italynorth")).toBeUndefined();
    for (const region of Object.keys(azureProfile.regions)) {
      const pair = azurePairedRegion(region);
      if (pair) expect(pair.region).not.toBe(region);
    }
    expect(regionAllowed("azure", "germanywestcentral", "eu")).toBe(true);
  });

  it("names storage accounts, vaults and action groups within Azure's limits", () => {
    const hash = shortHash("5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80");
    expect(hash).toMatch(/^[0-9a-f]{6}$/);
    expect(resourceName("azure", "storageAccount", "eu2", "st", hash)).toBe(`ibceu2st${hash}`);
    expect(resourceName("azure", "keyVault", "eu2", "kv", hash)).toBe(`ibc-eu2-kv-${hash}`);
    expect(resourceName("azure", "keyVault", "abcdefghijkl", "kvgeo", hash).length).toBeLessThanOrEqual(24);
    expect(resourceName("azure", "actionGroupShort", "abcdefghijkl").length).toBeLessThanOrEqual(12);
    expect(resourceName("azure", "resourceGroup", "eu2", "rg")).toBe("ibc-eu2-rg");
  });
});

describe("Azure cloud entries", () => {
  let dirs: string[] = [];
  afterEach(() => {
    dirs.forEach(removeInventory);
    dirs = [];
  });
  const problems = (cloud: string): RealmkitError[] => {
    const dir = tempInventory({ "_defaults.yaml": MINIMAL_DEFAULTS, "r1.yaml": `realm: r1\nresidency: eu\nclouds:\n${cloud}` });
    dirs.push(dir);
    return [...inspectInventory(dir).errors];
  };
  const azure = (extra = "", account = "5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80") =>
    `  - provider: azure\n    region: germanywestcentral\n    account: "${account}"\n${extra}`;

  it("accepts a subscription GUID and a tenant GUID", () => {
    expect(problems(azure("    tenant: 0b7e4c21-3d59-4f8a-a1c6-94e2d7f05b3c\n"))).toEqual([]);
  });

  it("rejects an account that is not a subscription id", () => {
    const [e] = problems(azure("", "my-subscription"));
    expect(e).toMatchObject({ code: "RK-CONFIG-INVALID-VALUE", value: "my-subscription" });
    expect(e!.message).toContain("Azure subscription id");
  });

  it("rejects a tenant that is not a GUID", () => {
    const [e] = problems(azure("    tenant: contoso.onmicrosoft.com\n"));
    expect(e).toMatchObject({ code: "RK-CONFIG-INVALID-VALUE", value: "contoso.onmicrosoft.com" });
    expect([e!.location!.line, e!.location!.col]).toEqual([7, 5]);
  });

  it("rejects a tenant on a cloud entry of another provider", () => {
    const errors = problems(
      `  - provider: aws\n    region: eu-central-1\n    account: "111122223333"\n    tenant: 0b7e4c21-3d59-4f8a-a1c6-94e2d7f05b3c\n`,
    );
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ["RK-CONFIG-INVALID-VALUE", "`tenant` applies to azure cloud entries only, not aws"],
    ]);
  });
});
