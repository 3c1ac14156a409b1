import { diffRealms, findRealm } from "../../lib/fleet/diff";
import { SynthesizedStacks } from "../../lib/fleet/stacks";
import type { SameCloudDiff, CrossCloudDiff } from "../../lib/fleet/structure-diff";
import { realmkit } from "../helpers/cli";
import { synthesizedFixture, type SynthesizedFixture } from "./helpers";

let fx: SynthesizedFixture;
beforeAll(() => {
  fx = synthesizedFixture();
});
afterAll(() => fx.cleanup());

const diff = (a: string, b: string) => diffRealms(findRealm(fx.inventory, a), findRealm(fx.inventory, b), new SynthesizedStacks(fx.stacks));

describe("realmkit diff", () => {
  test("two realms that differ only in realm-specific values have an empty structural diff", () => {
    const d = diff("a1", "a2");
    expect(d.structurallyEqual).toBe(true);
    const s = d.stacks[0] as SameCloudDiff;
    expect([s.types, s.onlyInA, s.onlyInB, s.attributes]).toEqual([[], [], [], []]);
    // The configuration still shows what differs, realm-specific paths marked as such.
    expect(d.config.filter((c) => c.realmSpecific).map((c) => c.path)).toEqual(["clouds[0].account", "dns.zone", "network.cidr", "realm"]);
    expect(d.config.filter((c) => !c.realmSpecific).map((c) => c.path)).toEqual(["clouds[0].region", "dataFlows"]);
  });

  test("each differing value names the file and line that set it, or that removed it", () => {
    const d = diff("a1", "a3");
    const backups = d.config.find((c) => c.path === "database.backupRetentionDays")!;
    expect(backups.a).toEqual({ value: 30, at: expect.stringMatching(/_layers\/prod\.yaml:9:3$/) });
    expect(backups.b).toEqual({ value: 14, at: expect.stringMatching(/a3\.yaml:15:3$/) });
    const exports = d.config.find((c) => c.path === "storage.buckets[1]")!;
    expect(exports.a.value).toBe("exports");
    expect(exports.b).toEqual({ at: expect.stringMatching(/a3\.yaml:16:12$/) });
    // A whole list item one realm lacks is one difference.
    expect(d.config.find((c) => c.path === "clouds[1]")!.b.value).toMatchObject({ provider: "gcp", region: "us-east4" });
  });

  test("the structural diff lists type counts, resources on one side and normalised attribute changes", () => {
    const d = diff("a1", "a3");
    expect(d.structurallyEqual).toBe(false);
    const s = d.stacks[0] as SameCloudDiff;
    expect(s.types).toContainEqual({ type: "aws_s3_bucket", a: 3, b: 2 }); // the realm buckets plus the access-log bucket
    expect(s.onlyInA).toContain("resource.aws_s3_bucket.storage_exports_bucket");
    expect(s.onlyInB).toEqual([]);
    expect(s.attributes).toContainEqual({
      address: "resource.aws_db_instance.database_postgres_instance",
      attribute: "backup_retention_period",
      a: 30,
      b: 14,
    });
    // Regions, zones, accounts and CIDRs never show up as differences.
    expect(JSON.stringify(s.attributes)).not.toMatch(/us-east-[12]|111111111111|333333333333|10\.[13]\./);
    expect(d.unpaired).toEqual([{ realm: "a3", stackId: "realm-a3-gcp", provider: "gcp" }]);
  });

  test("across clouds the comparison is per component", () => {
    const d = diff("a1", "g1");
    const s = d.stacks[0] as CrossCloudDiff;
    expect(s.mode).toBe("per-component");
    expect(s.providers).toEqual({ a: "aws", b: "gcp" });
    const db = s.components.find((c) => c.component === "database")!;
    expect(db.a!.types.aws_db_instance).toBe(1);
    expect(db.b!.types.google_sql_database_instance).toBe(1);
    expect(s.components.map((c) => c.component)).toEqual(
      expect.arrayContaining(["network", "keys", "database", "cluster", "storage", "dns", "observability"]),
    );
  });

  test("CLI: text and --json; unknown realms and missing stacks are user errors", () => {
    const text = realmkit(["diff", "a1", "a2", "--realms", fx.realms, "--stacks", fx.stacks]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("structure realm-a1 vs realm-a2 (aws): identical once realm-specific values are normalised");
    const json = JSON.parse(realmkit(["diff", "a1", "a3", "--json", "--realms", fx.realms, "--stacks", fx.stacks]).stdout);
    expect(json).toMatchObject({ a: "a1", b: "a3", structurallyEqual: false, stacks: [{ mode: "same-cloud" }] });
    const unknown = realmkit(["diff", "a1", "nope", "--realms", fx.realms, "--stacks", fx.stacks]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining("RK-FLEET-UNKNOWN-REALM")]);
    const missing = realmkit(["diff", "a1", "a2", "--realms", fx.realms, "--stacks", `${fx.dir}/nowhere`]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining("RK-FLEET-NOT-SYNTHESIZED")]);
    expect(missing.stderr).toContain("run `realmkit synth");
  });
});
