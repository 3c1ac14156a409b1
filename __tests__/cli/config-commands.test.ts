import { realmkit } from "../helpers/cli";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

let broken: string;
beforeAll(() => {
  broken = tempInventory({
    "_defaults.yaml": MINIMAL_DEFAULTS,
    "r1.yaml": `realm: r1\n${awsCloud()}observability:\n  alertEmail: [ops@example.com]\n`,
  });
});
afterAll(() => removeInventory(broken));

describe("realmkit validate", () => {
  it("passes the fixture inventory", () => {
    const { code, stdout } = realmkit(["validate"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+ realms valid \(\d+ stacks\) in __tests__\/fixtures\/realms\n$/);
  });

  it("prints file:line:col, code, message and fix, exits 1, and shows no stack trace", () => {
    const { code, stderr } = realmkit(["validate", "--realms", broken]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${broken}/r1.yaml:7:3  error  RK-CONFIG-UNKNOWN-KEY  realm r1: unknown key \`alertEmail\` in \`observability\`. did you mean \`alertEmails\`?`,
    );
    expect(stderr).toContain("fix: use one of:");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("reports problems as JSON for tools", () => {
    const { code, stdout } = realmkit(["validate", "--realms", broken, "--json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.valid).toBe(false);
    expect(report.errors[0]).toMatchObject({ code: "RK-CONFIG-UNKNOWN-KEY", line: 7, col: 3, value: "alertEmail" });
  });

  it("reads the inventory folder from REALMKIT_REALMS", () => {
    const { code } = realmkit(["validate"], { env: { REALMKIT_REALMS: broken } });
    expect(code).toBe(1);
  });

  it("says clearly when the folder does not exist", () => {
    const { code, stderr } = realmkit(["validate", "--realms", "/nonexistent/realms"]);
    expect(code).toBe(1);
    expect(stderr).toContain("RK-CONFIG-NO-INVENTORY");
  });
});

describe("realmkit list", () => {
  it("lists realms with their stacks as JSON", () => {
    const { code, stdout } = realmkit(["list", "--json"]);
    expect(code).toBe(0);
    const us2 = JSON.parse(stdout).find((r: { realm: string }) => r.realm === "us2");
    expect(us2).toMatchObject({ tier: "prod", residency: "us", stacks: [{ stackId: "realm-us2", provider: "aws", region: "us-east-2" }] });
  });

  it("prints a table for people", () => {
    const { stdout } = realmkit(["list"]);
    expect(stdout.split("\n")[0]).toMatch(/^REALM\s+TIER\s+WAVE\s+RESIDENCY\s+COMPLIANCE\s+STACKS$/);
    expect(stdout).toMatch(/\nus2\s+prod\s+2\s+us\s+hipaa,soc2|soc2,hipaa/);
  });
});

describe("realmkit explain", () => {
  it("shows a value and the layer line that set it", () => {
    const { code, stdout } = realmkit(["explain", "us2", "database.backupRetentionDays"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/database\.backupRetentionDays\s+30\s+__tests__\/fixtures\/realms\/_layers\/prod\.yaml:\d+:3/);
  });

  it("shows the whole realm with provenance as JSON", () => {
    const { code, stdout } = realmkit(["explain", "us2", "--json"]);
    expect(code).toBe(0);
    const values = JSON.parse(stdout) as { path: string; source: { file: string } }[];
    const region = values.find((v) => v.path === "clouds[0].region")!;
    expect(region).toMatchObject({ value: "us-east-2", source: { file: "__tests__/fixtures/realms/us2.yaml" } });
    expect(values.find((v) => v.path === "database.engine")!.source.file).toBe("__tests__/fixtures/realms/_defaults.yaml");
  });

  it("rejects an unknown realm and an unknown path", () => {
    expect(realmkit(["explain", "nope"]).stderr).toContain("RK-CLI-UNKNOWN-REALM");
    const path = realmkit(["explain", "us2", "database.nope"]);
    expect(path.code).toBe(1);
    expect(path.stderr).toContain("RK-CLI-UNKNOWN-PATH");
  });
});

describe("usage errors", () => {
  it("exits 1 on an unknown command", () => {
    const { code, stderr } = realmkit(["deploy-everything"]);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown command");
  });
});
