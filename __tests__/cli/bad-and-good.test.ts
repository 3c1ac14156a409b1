import { realmkit } from "../helpers/cli";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";
import { inDays } from "../helpers/dates";

/** One broken realm never hides the others: list, explain and validate report it and go on. */
let dir: string;
beforeAll(() => {
  dir = tempInventory({
    "_defaults.yaml": `${MINIMAL_DEFAULTS}cloudDefaults:\n  aws:\n    planIdentity: "arn:aws:iam::{account}:role/plan"\n    deployIdentity: "arn:aws:iam::{account}:role/deploy"\n`,
    "good.yaml": `realm: good\n${awsCloud()}network: { cidr: 10.50.0.0/16 }\n`,
    "bad.yaml": `realm: bad\n${awsCloud("us-east-9")}network: { cidr: 10.51.0.0/16 }\n`,
    "worse.yaml": `realm: worse\n${awsCloud()}network: { cidr: 10.52.0.0/16 }\nsuppressions:\n  - { rule: RK-AWS-DB-MULTIAZ, reason: "a partner database, reviewed", approvedBy: a@example.com, expires: "${inDays(30)}" }\n`,
  });
});
afterAll(() => removeInventory(dir));

describe("bad realms are reported, good ones still shown", () => {
  it("validate: every bad realm's problem with file:line:col and realm, then the valid realms", () => {
    const r = realmkit(["validate", "--realms", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /bad\.yaml:4:5 {2}error {2}RK-CONFIG-UNKNOWN-REGION {2}realm bad: `us-east-9` is not an AWS region Realmkit knows\. did you mean `us-east-\d`\?/,
    );
    expect(r.stderr).toMatch(
      /worse\.yaml:8:7 {2}error {2}RK-SUPPRESSION-UNKNOWN-RULE {2}realm worse: .*did you mean `RK-AWS-DB-MULTI-AZ`\?/,
    );
    expect(r.stderr).toContain("2 problems found in 2 realms");
    expect(r.stdout).toBe("1 realms valid (1 stacks): good\n");
  });

  it("list: the good realms on stdout, the bad ones' problems on stderr, exit 1", () => {
    const r = realmkit(["list", "--realms", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^REALM .*\ngood /);
    expect(r.stdout).not.toMatch(/\bbad\b/);
    expect(r.stderr).toContain("realm bad: `us-east-9`");
  });

  it("explain: a good realm beside a bad one; did-you-mean for realm ids and paths", () => {
    expect(realmkit(["explain", "good", "network.cidr", "--realms", dir])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('"10.50.0.0/16"'),
    });
    expect(realmkit(["explain", "godo", "--realms", dir]).stderr).toContain("no realm `godo` in");
    expect(realmkit(["explain", "goood", "--realms", dir]).stderr).toMatch(/did you mean `good`\?/);
    expect(realmkit(["explain", "good", "network.cdir", "--realms", dir]).stderr).toContain(
      "no value at `network.cdir`. did you mean `network.cidr`?",
    );
  });
});
