import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { userErrors } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { evaluate } from "../../lib/policy/engine";
import { inputsFor } from "../../lib/policy/gate";
import { validateInventory } from "../../lib/policy/config-checks";
import { formatTable } from "../../lib/policy/report";
import { isViolation } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { newRealm, type NewRealmRequest } from "../../lib/scaffold/new-realm";
import { realmkit } from "../helpers/cli";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { synthInventory } from "../helpers/synth";

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeInventory);
  dirs = [];
});
function samples(): string {
  const dir = tempInventory({}, "samples");
  dirs.push(dir);
  return dir;
}

const CLOUDS: Readonly<Record<string, Omit<NewRealmRequest, "dir">>> = {
  aws: { id: "jp1", provider: "aws", region: "ap-northeast-1", account: "555566667777" },
  gcp: { id: "eu4", provider: "gcp", region: "europe-west1", account: "ibc-eu4-prod", projectNumber: "123456789012", like: "eu1" },
  azure: {
    id: "uk1",
    provider: "azure",
    region: "uksouth",
    account: "1f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f81",
    tenant: "0b7e4c21-3d59-4f8a-a1c6-94e2d7f05b3c",
    planIdentity: "1c4f2b7e-91d3-4a58-b6e2-5f8a9d3c1e21",
    deployIdentity: "2a1d9e42-c8b3-4f65-9e20-3b6c5d8a1f48",
    like: "eu2",
  },
};

describe("realmkit new writes a realm that validates, synthesizes and passes its guardrails", () => {
  it.each(Object.entries(CLOUDS))("%s", (_cloud, request) => {
    const dir = samples();
    const made = newRealm({ ...request, dir });
    const text = readFileSync(made.file, "utf8");
    expect(text).toContain(`realm: ${request.id}\nextends: [prod]`);
    expect(text).toMatch(/# Review every line and fill in/);
    expect(text).not.toMatch(/suppressions:/);

    const { inventory, errors } = validateInventory(dir);
    expect(errors.map((e) => e.format())).toEqual([]);
    const realm = inventory.realms.find((r) => r.id === request.id)!;
    expect(realm.config.residency).toBe(made.residency);
    expect(realm.config.network.cidr).toBe(made.cidr);
    expect(realm.config.suppressions ?? []).toEqual([]);

    const stacks = synthInventory(dir, { backend: "remote" }, [request.id]);
    const result = evaluate(
      inputsFor(
        Object.entries(stacks).map(([id, json]) => ({ ...fromTerraformJson(json as Record<string, unknown>), stackId: id })),
        loadInventory(dir, [request.id]),
      ),
    );
    expect(result.stacks.length).toBe(1);
    if (result.findings.some(isViolation)) throw new Error(formatTable(result));
  });

  it("takes the residency from the region and the first network no realm uses", () => {
    const dir = samples();
    const taken = loadInventory(dir).realms.map((r) => r.config.network.cidr);
    const made = newRealm({ ...CLOUDS.aws!, dir, tier: "staging" });
    expect(made.residency).toBe("jp");
    expect(taken).not.toContain(made.cidr);
    expect(made.cidr).toBe("10.1.0.0/16");
    const second = newRealm({ ...CLOUDS.aws!, id: "jp2", dir, tier: "staging" });
    expect(second.cidr).toBe("10.2.0.0/16");
    // staging realms extend the staging layer and land in its wave (0, the canaries).
    expect(readFileSync(second.file, "utf8")).toContain("extends: [staging]");
    expect(second.wave).toBe(0);
  });

  it("refuses an existing id, a bad id, an unknown region, provider or tier, with did-you-mean, and writes nothing", () => {
    const dir = samples();
    const refused = (req: Omit<NewRealmRequest, "dir">) => {
      try {
        newRealm({ ...req, dir });
      } catch (err) {
        return (userErrors(err) ?? []).map((e) => `${e.message} | ${e.fix}`).join("\n");
      }
      throw new Error("not refused");
    };
    expect(refused({ ...CLOUDS.aws!, id: "us2" })).toMatch(/realm `us2` already exists/);
    expect(refused({ ...CLOUDS.aws!, id: "JP-1" })).toMatch(/`JP-1` is not a realm id \| use 2-12 lowercase letters/);
    expect(refused({ ...CLOUDS.aws!, region: "ap-northeast-9" })).toMatch(
      /not an AWS region Realmkit knows\. did you mean `ap-northeast-1`\?/,
    );
    expect(refused({ ...CLOUDS.aws!, provider: "awz" })).toMatch(/did you mean `aws`\?/);
    expect(refused({ ...CLOUDS.aws!, tier: "prd" })).toMatch(/did you mean `prod`\?/);
    expect(refused({ ...CLOUDS.aws!, like: "sg2" })).toMatch(/did you mean `sg1`\?/);
    // Without an account the tier's realms on that cloud agree on, it asks for one.
    expect(refused({ id: "jp1", provider: "aws", region: "ap-northeast-1" })).toMatch(/pass --account ID \(the inventory uses: /);
    // An Azure realm without CI identities would fail `realmkit pipeline`: refused, naming the flags.
    expect(refused({ id: "uk1", provider: "azure", region: "uksouth", account: CLOUDS.azure!.account })).toMatch(/--plan-identity/);
    expect(["jp1", "uk1", "JP-1"].filter((id) => existsSync(join(dir, `${id}.yaml`)))).toEqual([]);
  });

  it("runs as a command: exit 1 with the problem and no stack trace, exit 0 with the file written", () => {
    const dir = samples();
    const bad = realmkit(["new", "jp1", "--provider", "aws", "--region", "ap-northeast-9", "--realms", dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "error  RK-NEW-BAD-REQUEST  `ap-northeast-9` is not an AWS region Realmkit knows. did you mean `ap-northeast-1`?",
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const ok = realmkit(["new", "jp1", "--provider", "aws", "--region", "ap-northeast-1", "--account", "555566667777", "--realms", dir]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("realm jp1 (residency jp, network 10.1.0.0/16, wave 2) validates.");
  });
});
