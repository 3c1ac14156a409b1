import type { RealmkitError } from "../../lib/config/errors";
import { inspectInventory } from "../../lib/model/inventory";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeInventory);
  dirs = [];
});
function problems(files: Record<string, string>): RealmkitError[] {
  const dir = tempInventory({ "_defaults.yaml": MINIMAL_DEFAULTS, ...files });
  dirs.push(dir);
  return [...inspectInventory(dir).errors];
}
const at = (e: RealmkitError) => `${e.location!.file.split("/").pop()}:${e.location!.line}:${e.location!.col}`;

describe("semantic checks", () => {
  it("accepts a valid realm and models its stack", () => {
    const dir = tempInventory({ "_defaults.yaml": MINIMAL_DEFAULTS, "r1.yaml": `realm: r1\n${awsCloud()}` });
    dirs.push(dir);
    const { inventory, errors } = inspectInventory(dir);
    expect(errors).toEqual([]);
    const [target] = inventory.realms[0]!.targets;
    expect(target).toMatchObject({ stackId: "realm-r1", provider: "aws", zones: ["us-east-2a", "us-east-2b"] });
    expect([...target!.components].sort()).toEqual(["keys", "network"]);
  });

  it("rejects a region the provider does not have, with a did-you-mean", () => {
    const [e] = problems({ "r1.yaml": `realm: r1\n${awsCloud("us-east-7")}` });
    expect(e!.code).toBe("RK-CONFIG-UNKNOWN-REGION");
    expect(at(e!)).toBe("r1.yaml:4:5");
    expect(e!.message).toMatch(/did you mean `us-east-\d`\?/);
  });

  it("rejects a region outside the residency and lists the allowed ones", () => {
    const [e] = problems({ "r1.yaml": `realm: r1\nresidency: eu\n${awsCloud("us-east-2")}` });
    expect(e!.code).toBe("RK-CONFIG-RESIDENCY");
    expect(at(e!)).toBe("r1.yaml:5:5");
    expect(e!.fix).toContain("eu-central-1");
    expect(e!.fix).not.toContain("eu-west-2"); // London is uk, not eu
  });

  it("rejects an unknown residency", () => {
    const [e] = problems({ "r1.yaml": `realm: r1\nresidency: europe\n${awsCloud()}` });
    expect(e!.code).toBe("RK-CONFIG-UNKNOWN-RESIDENCY");
    expect(at(e!)).toBe("r1.yaml:2:1");
  });

  it("rejects an invalid CIDR", () => {
    const [e] = problems({ "r1.yaml": `realm: r1\n${awsCloud()}network: { cidr: 10.1.2.0/16 }\n` });
    expect(e!.code).toBe("RK-CONFIG-CIDR");
    expect(at(e!)).toBe("r1.yaml:6:12");
  });

  it("rejects a public CIDR", () => {
    const [e] = problems({ "r1.yaml": `realm: r1\n${awsCloud()}network: { cidr: 8.8.0.0/16 }\n` });
    expect(e!.code).toBe("RK-CONFIG-CIDR");
    expect(e!.message).toContain("not a private range");
  });

  it("rejects a CIDR too small for the subnets of all zones", () => {
    const [e] = problems({ "r1.yaml": `realm: r1\n${awsCloud()}network: { cidr: 10.1.0.0/24 }\n` });
    expect(e!.code).toBe("RK-CONFIG-CIDR-SIZE");
    expect(e!.message).toContain("/22");
  });

  it("rejects more zones than the region has", () => {
    const [e] = problems({ "r1.yaml": `realm: r1\n${awsCloud("us-west-1")}network: { zones: 3 }\n` });
    expect(e!.code).toBe("RK-CONFIG-ZONES");
    expect(e!.fix).toBe("set network.zones between 1 and 2");
    expect(at(e!)).toBe("r1.yaml:6:12");
  });

  it("rejects node pools whose min exceeds max", () => {
    const [e] = problems({
      "r1.yaml": `realm: r1\n${awsCloud()}cluster:\n  version: "1.30"\n  nodePools: [{ name: a, size: small, min: 5, max: 2 }]\n`,
    });
    expect(e!.code).toBe("RK-CONFIG-INVALID-VALUE");
    expect(e!.message).toContain("min 5 above max 2");
  });

  it("rejects two cloud entries for one provider", () => {
    const [e] = problems({ "r1.yaml": `realm: r1\n${awsCloud()}  - provider: aws\n    region: us-west-2\n    account: "1"\n` });
    expect(e!.code).toBe("RK-CONFIG-DUPLICATE-CLOUD");
  });

  it("rejects overlapping networks of two realms in one account", () => {
    const errors = problems({
      "r1.yaml": `realm: r1\n${awsCloud()}`,
      "r2.yaml": `realm: r2\n${awsCloud()}network: { cidr: 10.1.128.0/17 }\n`,
    });
    expect(errors.map((e) => [e.code, e.realm])).toEqual([["RK-CONFIG-CIDR-OVERLAP", "r2"]]);
  });

  it("rejects one DNS zone claimed by two realms", () => {
    const errors = problems({
      "r1.yaml": `realm: r1\n${awsCloud()}dns: { zone: a.example.com }\n`,
      "r2.yaml": `realm: r2\n${awsCloud()}network: { cidr: 10.2.0.0/16 }\ndns: { zone: a.example.com }\n`,
    });
    expect(errors.map((e) => e.code)).toEqual(["RK-CONFIG-DUPLICATE-ZONE"]);
  });

  it("limits a further cloud to the components it lists, plus their dependencies", () => {
    const dir = tempInventory({
      "_defaults.yaml": MINIMAL_DEFAULTS,
      "r1.yaml": `realm: r1\nclouds:\n  - { provider: aws, region: us-east-1, account: "111122223333" }\n  - { provider: gcp, region: us-east4, account: ibc-r1-backup, projectNumber: "123456789012", components: [storage] }\nstorage: { buckets: [docs] }\n`,
    });
    dirs.push(dir);
    const { inventory, errors } = inspectInventory(dir);
    expect(errors).toEqual([]);
    const [primary, backup] = inventory.realms[0]!.targets;
    expect(primary!.stackId).toBe("realm-r1");
    expect(backup!.stackId).toBe("realm-r1-gcp");
    expect([...backup!.components].sort()).toEqual(["keys", "storage"]);
  });

  it("rejects a further cloud listing a component the realm does not configure", () => {
    const [e] = problems({
      "r1.yaml": `realm: r1\nclouds:\n  - { provider: aws, region: us-east-1, account: "111122223333" }\n  - { provider: gcp, region: us-east4, account: ibc-r1-backup, projectNumber: "123456789012", components: [database] }\n`,
    });
    expect(e!.code).toBe("RK-CONFIG-INVALID-VALUE");
    expect(e!.message).toContain("does not configure it");
  });
});
