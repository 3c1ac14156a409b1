import { alternativesAt } from "../../lib/config/alternatives";
import { explain } from "../../lib/config/explain";
import { loadRealms } from "../../lib/config/load";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

const MANAGED =
  'database: { engine: postgres, version: "16", size: small, storageGb: 50, highAvailability: false, backupRetentionDays: 7 }\n';
const PROD = "tier: prod\ndatabase:\n  size: large\n  backupRetentionDays: 30\n";
const EXTERNAL = "database:\n  external: { host: pg.partner.example.com, port: 5432 }\n";

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeInventory);
  dirs = [];
});
function load(files: Record<string, string>) {
  const dir = tempInventory(files);
  dirs.push(dir);
  return loadRealms(dir);
}
const short = (file?: string) => file?.split("/").slice(-2).join("/");

describe("either/or sections come from the schema", () => {
  test("a database is managed or external", () => {
    const alternatives = alternativesAt("/database")!;
    expect(alternatives.map((a) => a.name)).toEqual(["externalDatabase", "managedDatabase"]);
    expect([...alternatives[0]!.keys]).toEqual(["external"]);
    expect(alternatives[1]!.keys.has("backupRetentionDays")).toBe(true);
    expect(alternativesAt("/cluster")).toBeUndefined();
  });
});

describe("a more specific file that picks one alternative drops the inherited keys of the other", () => {
  test("an external database over a managed one in _defaults.yaml and a layer, without !replace", () => {
    const { realms, errors } = load({
      "_defaults.yaml": MINIMAL_DEFAULTS + MANAGED,
      "_layers/prod.yaml": PROD,
      "r1.yaml": `realm: r1\nextends: [prod]\n${awsCloud()}${EXTERNAL}`,
    });
    expect(errors).toEqual([]);
    expect(realms[0]!.config.database).toEqual({ external: { host: "pg.partner.example.com", port: 5432 } });
  });

  test("explain shows each dropped value, where it had been set, and which file:line dropped it", () => {
    const { realms } = load({
      "_defaults.yaml": MINIMAL_DEFAULTS + MANAGED,
      "_layers/prod.yaml": PROD,
      "r1.yaml": `realm: r1\nextends: [prod]\n${awsCloud()}${EXTERNAL}`,
    });
    const dropped = explain(realms[0]!, "database").filter((v) => v.dropped);
    const size = dropped.find((v) => v.path === "database.size")!;
    expect(size.value).toBe("large");
    expect(`${short(size.source?.file)}:${size.source?.line}`).toBe("_layers/prod.yaml:3");
    expect(size.dropped!.by).toBe("database.external");
    expect(`${short(size.dropped!.at?.file)}:${size.dropped!.at?.line}:${size.dropped!.at?.col}`).toMatch(/r1.yaml:8:3$/);
    expect(dropped.map((v) => v.path).sort()).toEqual(
      ["backupRetentionDays", "engine", "highAvailability", "size", "storageGb", "version"].map((k) => `database.${k}`).sort(),
    );
    // what survives is only the alternative the realm chose
    expect(
      explain(realms[0]!, "database")
        .filter((v) => !v.dropped)
        .map((v) => v.path),
    ).toEqual(["database.external.host", "database.external.port"]);
  });

  test("and the other way round: a managed database over an inherited external one", () => {
    const { realms, errors } = load({
      "_defaults.yaml": MINIMAL_DEFAULTS + EXTERNAL,
      "r1.yaml": `realm: r1\n${awsCloud()}${MANAGED}`,
    });
    expect(errors).toEqual([]);
    expect(realms[0]!.config.database).not.toHaveProperty("external");
    expect(realms[0]!.dropped.has("/database/external")).toBe(true);
  });

  test("a layer that only tunes the same alternative merges as before", () => {
    const { realms } = load({
      "_defaults.yaml": MINIMAL_DEFAULTS + MANAGED,
      "_layers/prod.yaml": PROD,
      "r1.yaml": `realm: r1\nextends: [prod]\n${awsCloud()}`,
    });
    expect(realms[0]!.config.database).toMatchObject({ engine: "postgres", size: "large", backupRetentionDays: 30, storageGb: 50 });
    expect(realms[0]!.dropped.size).toBe(0);
  });

  test("!replace still replaces any inherited map whole", () => {
    const { realms } = load({
      "_defaults.yaml": `${MINIMAL_DEFAULTS}tags: { owner: platform, team: core }\n`,
      "r1.yaml": `realm: r1\n${awsCloud()}tags: !replace { team: payments }\n`,
    });
    expect(realms[0]!.config.tags).toEqual({ team: "payments" });
  });
});
