import { explain } from "../../lib/config/explain";
import { formatLocation, type RealmkitError } from "../../lib/config/errors";
import { loadRealms } from "../../lib/config/load";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeInventory);
  dirs = [];
});
function inventory(files: Record<string, string>): string {
  const dir = tempInventory(files);
  dirs.push(dir);
  return dir;
}
const where = (e: RealmkitError) => `${e.location!.file.split("/").slice(-2).join("/")}:${e.location!.line}:${e.location!.col}`;

describe("layering", () => {
  const dir = () =>
    inventory({
      "_defaults.yaml": `${MINIMAL_DEFAULTS}database:\n  engine: postgres\n  version: "16"\n  size: small\n  storageGb: 50\n  highAvailability: false\n  backupRetentionDays: 7\ncluster:\n  version: "1.30"\n  nodePools: [{ name: general, size: small, min: 1, max: 3 }]\ntags: { owner: platform, team: core }\n`,
      "_layers/aws.yaml": "network:\n  zones: 3\n",
      "_layers/prod.yaml":
        "tier: prod\ndatabase:\n  size: large\n  backupRetentionDays: 30\ncluster:\n  nodePools: [{ name: big, size: large, min: 3, max: 9 }]\n",
      "r1.yaml": `realm: r1\nextends: [prod]\n${awsCloud()}database:\n  backupRetentionDays: 14\ntags: { team: payments, owner: null }\n`,
      "r2.yaml": `realm: r2\n${awsCloud()}cluster: null\n`,
    });

  it("applies defaults, the provider layer, extends layers and the realm file in order", () => {
    const { realms, errors } = loadRealms(dir());
    expect(errors).toEqual([]);
    const r1 = realms.find((r) => r.id === "r1")!;
    expect(r1.config.tier).toBe("prod");
    expect(r1.config.network).toEqual({ cidr: "10.1.0.0/16", zones: 3 });
    expect(r1.config.database).toMatchObject({ engine: "postgres", size: "large", backupRetentionDays: 14 });
    expect(r1.sources.map((s) => s.split("/").slice(-2).join("/"))).toEqual([
      expect.stringMatching(/_defaults.yaml$/),
      "_layers/aws.yaml",
      "_layers/prod.yaml",
      expect.stringMatching(/r1.yaml$/),
    ]);
  });

  it("replaces lists instead of merging them", () => {
    const r1 = loadRealms(dir()).realms.find((r) => r.id === "r1")!;
    expect(r1.config.cluster!.nodePools).toEqual([{ name: "big", size: "large", min: 3, max: 9 }]);
  });

  it("removes keys set to null, deep and at the top level", () => {
    const { realms } = loadRealms(dir());
    const r1 = realms.find((r) => r.id === "r1")!;
    expect(r1.config.tags).toEqual({ team: "payments" });
    expect(realms.find((r) => r.id === "r2")!.config.cluster).toBeUndefined();
  });

  it("remembers the file and line that set every value", () => {
    const r1 = loadRealms(dir()).realms.find((r) => r.id === "r1")!;
    const origin = (path: string) => {
      const [value] = explain(r1, path);
      return `${formatLocation(value!.source!).split("/").slice(-2).join("/")}`;
    };
    expect(origin("database.backupRetentionDays")).toMatch(/r1.yaml:8:3$/);
    expect(origin("database.size")).toBe("_layers/prod.yaml:3:3");
    expect(origin("database.engine")).toMatch(/_defaults.yaml:\d+:3$/);
    expect(origin("network.zones")).toBe("_layers/aws.yaml:2:3");
    expect(origin("cluster.nodePools[0].name")).toBe("_layers/prod.yaml:6:17");
  });

  it("explains removed keys with the line that removed them", () => {
    const r2 = loadRealms(dir()).realms.find((r) => r.id === "r2")!;
    const removed = explain(r2).filter((v) => v.removed);
    expect(removed.map((v) => [v.path, v.source!.line])).toEqual([["cluster", 6]]);
  });

  it("lets a map tagged !replace replace the inherited map", () => {
    const d = inventory({
      "_defaults.yaml": `${MINIMAL_DEFAULTS}database: { engine: postgres, version: "16", size: small, storageGb: 50, highAvailability: false, backupRetentionDays: 7 }\n`,
      "r1.yaml": `realm: r1\n${awsCloud()}database: !replace\n  external: { host: db.partner.example.com, port: 5432 }\n`,
    });
    const { realms, errors } = loadRealms(d);
    expect(errors).toEqual([]);
    expect(realms[0]!.config.database).toEqual({ external: { host: "db.partner.example.com", port: 5432 } });
  });
});

describe("errors point at the file and line to fix", () => {
  const load = (files: Record<string, string>) => loadRealms(inventory({ "_defaults.yaml": MINIMAL_DEFAULTS, ...files })).errors;

  it("rejects an unknown key with a did-you-mean", () => {
    const errors = load({
      "r1.yaml": `realm: r1\n${awsCloud()}database:\n  engine: postgres\n  version: "16"\n  size: small\n  storageGb: 50\n  highAvailability: false\n  backupRetentionDay: 7\n`,
    });
    // the misspelling is not also reported as a missing `backupRetentionDays`
    expect(errors).toHaveLength(1);
    const e = errors[0];
    expect(e!.code).toBe("RK-CONFIG-UNKNOWN-KEY");
    expect(where(e!)).toMatch(/r1.yaml:12:3$/);
    expect(e!.message).toContain("did you mean `backupRetentionDays`?");
    expect(e!.value).toBe("backupRetentionDay");
  });

  it("reports an unknown key in the layer that introduced it", () => {
    const errors = load({
      "_layers/prod.yaml": "tier: prod\nobservability:\n  alertEmail: [a@b.example.com]\n",
      "r1.yaml": `realm: r1\nextends: [prod]\n${awsCloud()}`,
    });
    const unknown = errors.find((e) => e.code === "RK-CONFIG-UNKNOWN-KEY")!;
    expect(where(unknown)).toBe("_layers/prod.yaml:3:3");
    expect(unknown.message).toContain("did you mean `alertEmails`?");
  });

  it("names a wrong value, where it is, and the allowed values", () => {
    const [e] = load({ "r1.yaml": `realm: r1\ntier: production\n${awsCloud()}` });
    expect(e!.code).toBe("RK-CONFIG-INVALID-VALUE");
    expect(where(e!)).toMatch(/r1.yaml:2:1$/);
    expect(e!.message).toContain('"production"');
    expect(e!.fix).toBe("use one of: prod, staging, dev");
  });

  it("reports an unknown provider with a did-you-mean", () => {
    const [e] = load({ "r1.yaml": "realm: r1\nclouds:\n  - provider: awz\n    region: us-east-2\n    account: '1'\n" });
    expect(e!.code).toBe("RK-CONFIG-INVALID-VALUE");
    expect(where(e!)).toMatch(/r1.yaml:3:5$/);
    expect(e!.message).toContain("did you mean `aws`?");
  });

  it("reports a wrong type", () => {
    const [e] = load({ "r1.yaml": `realm: r1\nwave: soon\n${awsCloud()}` });
    expect(e!.code).toBe("RK-CONFIG-WRONG-TYPE");
    expect(e!.message).toBe('`wave` must be a whole number, got the text "soon"');
  });

  it("reports a missing required key at the map that lacks it", () => {
    const [e] = load({ "r1.yaml": "realm: r1\nclouds:\n  - provider: aws\n    region: us-east-2\n" });
    expect(e!.code).toBe("RK-CONFIG-MISSING-KEY");
    expect(e!.message).toBe("`clouds[0]` needs `account`");
    expect(where(e!)).toMatch(/r1.yaml:3:5$/);
  });

  it("requires the realm id to equal the file name", () => {
    const [e] = load({ "r1.yaml": `realm: r2\n${awsCloud()}` });
    expect(e!.code).toBe("RK-CONFIG-REALM-ID");
    expect(where(e!)).toMatch(/r1.yaml:1:1$/);
    expect(e!.fix).toContain("realm: r1");
  });

  it("rejects an unknown extends layer with a did-you-mean", () => {
    const [e] = load({ "_layers/prod.yaml": "tier: prod\n", "r1.yaml": `realm: r1\nextends: [prd]\n${awsCloud()}` });
    expect(e!.code).toBe("RK-CONFIG-UNKNOWN-LAYER");
    expect(where(e!)).toMatch(/r1.yaml:2:11$/);
    expect(e!.message).toContain("did you mean `prod`?");
  });

  it("reports malformed YAML at its position", () => {
    const [e] = load({ "r1.yaml": "realm: r1\nclouds:\n  - provider: aws\n   region: us-east-2\n" });
    expect(e!.code).toBe("RK-CONFIG-YAML");
    expect(e!.location!.line).toBe(4);
  });

  it("reports a duplicate key by name, at the second one, naming the first", () => {
    const [e] = load({ "r1.yaml": `realm: r1\nwave: 1\nwave: 2\n${awsCloud()}` });
    expect(e!.code).toBe("RK-CONFIG-DUPLICATE-KEY");
    expect(e!.location!.line).toBe(3);
    expect(e!.realm).toBe("r1");
    expect(e!.message).toBe("key `wave` appears twice in the file's top level");
    expect(e!.fix).toMatch(/keep one `wave:` line \(the first is at .*r1\.yaml:2:1\)/);
  });

  it("names the map holding a duplicate nested key", () => {
    const [e] = load({ "r1.yaml": `realm: r1\nnetwork:\n  zones: 2\n  zones: 3\n${awsCloud()}` });
    expect(e!.message).toBe("key `zones` appears twice in `network`");
  });

  it("reports an empty file", () => {
    const [e] = load({ "r1.yaml": "# nothing here yet\n" });
    expect(e!.code).toBe("RK-CONFIG-EMPTY");
    expect(where(e!)).toMatch(/r1.yaml:1:1$/);
  });

  it("rejects managed-database keys beside `external` in one file, and says how to fix it", () => {
    const errors = load({
      "r1.yaml": `realm: r1\n${awsCloud()}database:\n  external: { host: db.partner.example.com, port: 5432 }\n  size: large\n`,
    });
    expect(errors[0]!.message).toContain("`database.external` cannot be combined with `size` (a managed-database key) in the same file");
    expect(where(errors[0]!)).toMatch(/r1.yaml:8:3$/);
    expect(errors[0]!.fix).toContain("remove `size` here");
  });

  it("reports a problem in a shared layer once, not once per realm", () => {
    const errors = load({
      "_layers/prod.yaml": "tier: prod\nwave: first\n",
      "r1.yaml": `realm: r1\nextends: [prod]\n${awsCloud()}`,
      "r2.yaml": `realm: r2\nextends: [prod]\n${awsCloud()}`,
    });
    expect(errors.filter((e) => e.code === "RK-CONFIG-WRONG-TYPE")).toHaveLength(1);
  });
});
