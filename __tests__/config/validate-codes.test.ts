import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { userErrors, type RealmkitError } from "../../lib/config/errors";
import { ERROR_CODES, type ErrorCodeEntry, validatedCodes, VALIDATED_RULE_IDS } from "../../lib/errors/catalogue";
import { validateInventory } from "../../lib/policy/config-checks";
import { ALL_RULES } from "../../lib/policy/rules";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";
import { inDays } from "../helpers/dates";
import { REPO_ROOT } from "../helpers/paths";

/**
 * `realmkit validate` says all that later commands will say about the realm files: for every
 * config-level error code, a minimal bad inventory, and validate reports that code at a line of
 * the realm (with the realm named), and still passes the good realm beside it.
 */
const DEFAULTS = `${MINIMAL_DEFAULTS}cloudDefaults:
  aws:
    planIdentity: "arn:aws:iam::{account}:role/plan"
    deployIdentity: "arn:aws:iam::{account}:role/deploy"
`;
const GOOD = `realm: good\n${awsCloud()}network: { cidr: 10.99.0.0/16 }\n`;
const r1 = (body: string, cloud = awsCloud()) => `realm: r1\n${cloud}${body}`;
const GCP = `clouds:
  - provider: gcp
    region: us-east4
    account: ibc-r1-prod
    projectNumber: "123456789012"
    workloadIdentityProvider: projects/123456789012/locations/global/workloadIdentityPools/ci/providers/github
    planIdentity: plan@ibc-r1-prod.iam.gserviceaccount.com
    deployIdentity: deploy@ibc-r1-prod.iam.gserviceaccount.com
`;
const AZURE = `clouds:
  - provider: azure
    region: eastus
    account: 5f3c2a9e-8b41-4d7a-9c06-2e7d1b4a6f80
    tenant: 0b7e4c21-3d59-4f8a-a1c6-94e2d7f05b3c
    planIdentity: 0c4f2b7e-91d3-4a58-b6e2-5f8a9d3c1e20
    deployIdentity: 7a1d9e42-c8b3-4f65-9e20-3b6c5d8a1f47
`;
const DATABASE = (over: Record<string, number>) =>
  `database: ${JSON.stringify({ engine: "postgres", version: "16", size: "small", storageGb: 50, highAvailability: false, backupRetentionDays: 7, ...over })}\n`;
const NOW = new Date("2026-06-01T00:00:00Z");

interface Case {
  readonly files: Record<string, string>;
  /** Adjusts the folder beyond plain files (links, folders). */
  readonly setup?: (dir: string) => void;
  /** The realm the problem belongs to. */
  readonly realm?: string;
  /** Replaces the defaults file. */
  readonly defaults?: string;
}

const CASES: Readonly<Record<string, Case>> = {
  "RK-CONFIG-NO-INVENTORY": { files: {}, setup: (dir) => removeInventory(dir), realm: "" },
  "RK-CONFIG-DUPLICATE-REALM": { files: { "r1.yaml": r1(""), "r1.yml": r1("") } },
  "RK-CONFIG-READ": { files: {}, setup: (dir) => symlinkSync(join(dir, "missing-target.yaml"), join(dir, "r1.yaml")) },
  "RK-CONFIG-NOT-A-FILE": { files: {}, setup: (dir) => mkdirSync(join(dir, "r1.yaml")) },
  "RK-CONFIG-TOO-LARGE": { files: { "r1.yaml": r1(`# ${"x".repeat(2_000_000)}\n`) } },
  "RK-CONFIG-OUTSIDE-INVENTORY": { files: {}, setup: (dir) => symlinkSync(join(REPO_ROOT, "package.json"), join(dir, "r1.yaml")) },
  "RK-CONFIG-ENCODING": {
    files: {},
    setup: (dir) => writeFileSync(join(dir, "r1.yaml"), Buffer.from([0x72, 0x65, 0x61, 0x6c, 0x6d, 0x3a, 0x20, 0xff, 0x0a])),
  },
  "RK-CONFIG-EMPTY": { files: { "r1.yaml": "# to do\n" } },
  "RK-CONFIG-NOT-A-MAP": { files: { "r1.yaml": "- realm: r1\n" } },
  "RK-CONFIG-YAML": { files: { "r1.yaml": r1("tags: { a: 1\n") } },
  "RK-CONFIG-DUPLICATE-KEY": { files: { "r1.yaml": r1("wave: 1\nwave: 2\n") } },
  "RK-CONFIG-UNKNOWN-KEY": { files: { "r1.yaml": r1("observability: { alertEmail: [a@example.com] }\n") } },
  "RK-CONFIG-MISSING-KEY": { files: { "r1.yaml": "realm: r1\nclouds:\n  - provider: aws\n    region: us-east-2\n" } },
  "RK-CONFIG-WRONG-TYPE": { files: { "r1.yaml": r1("wave: soon\n") } },
  "RK-CONFIG-INVALID-VALUE": { files: { "r1.yaml": r1("tier: production\n") } },
  "RK-CONFIG-INVALID-KEY": { files: { "r1.yaml": r1("tags: { CostCenter: x }\n") } },
  "RK-CONFIG-REALM-ID": { files: { "r1.yaml": `realm: r2\n${awsCloud()}` } },
  "RK-CONFIG-UNKNOWN-LAYER": { files: { "_layers/prod.yaml": "tier: prod\n", "r1.yaml": r1("extends: [prd]\n") } },
  "RK-CONFIG-LAYER-CYCLE": {
    files: { "_layers/a.yaml": "extends: [b]\n", "_layers/b.yaml": "extends: [a]\n", "r1.yaml": r1("extends: [a]\n") },
  },
  "RK-CONFIG-TEMPLATE": {
    files: {
      "_layers/team.yaml": 'cloudDefaults:\n  aws:\n    planIdentity: "arn:aws:iam::{acount}:role/plan"\n',
      "r1.yaml": r1("extends: [team]\n"),
    },
  },
  "RK-CONFIG-UNKNOWN-RESIDENCY": { files: { "r1.yaml": r1("residency: mars\n") } },
  "RK-CONFIG-UNKNOWN-REGION": { files: { "r1.yaml": r1("", awsCloud("us-east-9")) } },
  "RK-CONFIG-RESIDENCY": { files: { "r1.yaml": r1("", awsCloud("eu-west-1")) } },
  "RK-CONFIG-ZONES": { files: { "r1.yaml": r1("network: { zones: 6 }\n") } },
  "RK-CONFIG-DUPLICATE-CLOUD": {
    files: { "r1.yaml": r1("", `${awsCloud()}  - provider: aws\n    region: us-east-1\n    account: "111122223333"\n`) },
  },
  "RK-CONFIG-NO-STATE": { files: { "r1.yaml": r1("state: { aws: null }\n") } },
  "RK-CONFIG-CIDR": { files: { "r1.yaml": r1("network: { cidr: 8.8.0.0/16 }\n") } },
  "RK-CONFIG-CIDR-SIZE": { files: { "r1.yaml": r1("network: { cidr: 10.1.0.0/28 }\n") } },
  "RK-CONFIG-SERVICE-URL": { files: { "r1.yaml": r1('services: { crm: { url: "grpcs://crm.example.com" } }\n') } },
  "RK-CONFIG-SECRET": { files: { "r1.yaml": r1("app:\n  settings: { dbPassword: hunter2hunter2 }\n") } },
  "RK-CONFIG-SUPPRESSION": {
    files: {
      "r1.yaml": r1(
        'suppressions:\n  - { rule: RK-NO-SECRETS, reason: "the whole realm, for a while", approvedBy: a@example.com, expires: "2020-01-01" }\n',
      ),
    },
  },
  "RK-CONFIG-FLEET-STATE": {
    files: { "r1.yaml": r1("observability: { alertEmails: [a@example.com], fleetState: { gcp: { bucket: tf-fleet-r1 } } }\n") },
  },
  "RK-CONFIG-DUPLICATE-ZONE": {
    files: { "good.yaml": `${GOOD}dns: { zone: a.example.com }\n`, "r1.yaml": r1("dns: { zone: a.example.com }\n") },
  },
  "RK-CONFIG-DUPLICATE-SECRET": {
    files: {
      "good.yaml": `${GOOD}observability: { aggregator: datadog, alertEmails: [a@example.com] }\n`,
      "r1.yaml": r1("network: { cidr: 10.98.0.0/16 }\nobservability: { aggregator: datadog, alertEmails: [a@example.com] }\n"),
    },
  },
  "RK-CONFIG-CIDR-OVERLAP": { files: { "good.yaml": GOOD, "r1.yaml": r1("network: { cidr: 10.99.128.0/17 }\n") } },
  "RK-SUPPRESSION-UNKNOWN-RULE": {
    files: {
      "r1.yaml": r1(
        `suppressions:\n  - { rule: RK-AWS-DB-MULTI-AZZ, reason: "a partner database, reviewed", approvedBy: a@example.com, expires: "${inDays(30)}" }\n`,
      ),
    },
  },
  "RK-SUPPRESSION-EXPIRED": {
    files: {
      "r1.yaml": r1(
        'suppressions:\n  - { rule: RK-AWS-DB-MULTI-AZ, reason: "a partner database, reviewed", approvedBy: a@example.com, expires: "2026-01-01" }\n',
      ),
    },
  },
  "RK-DATA-FLOW-RESIDENCY": { files: { "r1.yaml": r1("dataFlows:\n  - { name: exports, to: eu-west-1, personalData: true }\n") } },
  "RK-FLEET-UNKNOWN-DESTINATION": { files: { "r1.yaml": r1("dataFlows:\n  - { name: exports, to: atlantis, personalData: false }\n") } },
  "RK-FLEET-FLOW-TO-SELF": { files: { "r1.yaml": r1("dataFlows:\n  - { name: exports, to: r1, personalData: false }\n") } },
  "RK-FLEET-UNKNOWN-FACET": { files: { "r1.yaml": r1("intended: { databse-size: larger for the batch load }\n") } },
  "RK-RUNTIME-CONFIG": {
    files: {
      "r1.yaml": r1(
        `cluster:\n  version: "1.30"\n  nodePools: [{ name: general, size: small, min: 1, max: 3 }]\nservices:\n  crm: { url: "https://crm.example.com", personalData: true }\n`,
      ),
    },
  },
  "RK-RUNTIME-ENV-CLASH": {
    files: {
      "r1.yaml": r1(
        `cluster:\n  version: "1.30"\n  nodePools: [{ name: general, size: small, min: 1, max: 3 }]\napp:\n  settings: { a-b: 1, a_b: 2 }\n`,
      ),
    },
  },
  "RK-AWS-LOG-RETENTION": { files: { "r1.yaml": r1("observability: { alertEmails: [ops@example.com], logRetentionDays: 100 }\n") } },
  "RK-GCP-LOG-RETENTION": { files: { "r1.yaml": r1("observability: { alertEmails: [ops@example.com], logRetentionDays: 3653 }\n", GCP) } },
  "RK-AZURE-DATABASE-RANGE": { files: { "r1.yaml": r1(DATABASE({ backupRetentionDays: 3 }), AZURE) } },
  "RK-AZURE-DATABASE-STORAGE": { files: { "r1.yaml": r1(DATABASE({ storageGb: 40000 }), AZURE) } },
  "RK-AZURE-STORAGE-NAME": { files: { "r1.yaml": r1("storage: { buckets: [documents, doc--store] }\n", AZURE) } },
  "RK-AZURE-CLUSTER-POOLS": {
    files: {
      "r1.yaml": r1(
        `cluster:\n  version: "1.30"\n  nodePools: [{ name: general, size: small, min: 1, max: 3 }, { name: system, size: small, min: 1, max: 3 }]\n`,
        AZURE,
      ),
    },
  },
  "RK-GCP-CLUSTER-PODS": {
    files: {
      "r1.yaml": r1(
        `network: { cidr: 10.1.0.0/20 }\ncluster:\n  version: "1.30"\n  nodePools: [{ name: general, size: small, min: 1, max: 1000 }]\n`,
        GCP,
      ),
    },
  },
  "RK-GCP-DATABASE-TIER": {
    files: {
      "r1.yaml": r1(
        `database: ${JSON.stringify({ engine: "postgres", version: "16", size: "small", sku: "db-n1-standard-2", storageGb: 50, highAvailability: false, backupRetentionDays: 7 })}\n`,
        GCP,
      ),
    },
  },
  "RK-AWS-DATABASE-SUBNETS": { files: { "r1.yaml": r1(`network: { zones: 1 }\n${DATABASE({})}`) } },
  "RK-GCP-OBSERVABILITY": { files: { "r1.yaml": r1("observability: { alertEmails: [] }\n", GCP) } },
  "RK-PIPELINE-NO-IDENTITY": { files: { "r1.yaml": r1("") }, defaults: MINIMAL_DEFAULTS },
};

function validate(c: Case): { errors: readonly RealmkitError[]; valid: string[] } {
  const dir = tempInventory({
    "_defaults.yaml": c.defaults ?? DEFAULTS,
    ...(c.defaults === MINIMAL_DEFAULTS ? {} : { "good.yaml": GOOD }),
    ...c.files,
  });
  try {
    c.setup?.(dir);
    const { inventory, errors } = validateInventory(dir, NOW);
    return { errors, valid: inventory.realms.map((r) => r.id) };
  } catch (err) {
    const errors = userErrors(err);
    if (!errors) throw err;
    return { errors, valid: [] };
  } finally {
    removeInventory(dir);
  }
}

describe("realmkit validate reports every config-level error code", () => {
  it('has a case for every code the catalogue marks validate: "reports", and nothing else', () => {
    expect(Object.keys(CASES).sort()).toEqual(validatedCodes().sort());
  });

  it("names only real guardrail rules as validated rules", () => {
    const rules = new Set(ALL_RULES.map((r) => r.id));
    expect(VALIDATED_RULE_IDS.filter((id) => !rules.has(id))).toEqual([]);
  });

  it.each(Object.entries(CASES))("%s", (code, c) => {
    const { errors, valid } = validate(c);
    const hit = errors.find((e) => e.code === code);
    expect({ code, found: hit ? hit.format() : errors.map((e) => e.format()) }).toEqual({ code, found: expect.stringContaining(code) });
    const realm = c.realm ?? "r1";
    if (realm !== "") {
      // Where the user acts: a line of a file, and the realm, on the problem line itself.
      expect(hit!.location).toEqual(
        expect.objectContaining({ file: expect.any(String), line: expect.any(Number), col: expect.any(Number) }),
      );
      expect(hit!.realm).toBe(realm);
      expect(hit!.format()).toContain(`realm ${realm}`);
      // The good realm beside it still validates (not for the pipeline case, which has none).
      if (c.defaults !== MINIMAL_DEFAULTS) expect(valid).toEqual(["good"]);
    }
    // Never a regular expression or ajv's own wording in what the user reads.
    expect(`${hit!.message} ${hit!.fix ?? ""}`).not.toMatch(/\^|\$\/|\\d|must NOT|must match|\ba a[a-z]* |\ba aws\b/);
  });
});

describe("realmkit validate reports what a construct would refuse, at the line that set it", () => {
  it.each([
    [
      "a GCP alert threshold of 0 percent",
      r1(`${DATABASE({})}observability: { alertEmails: [ops@example.com], alerts: { databaseCpu: { threshold: 0 } } }\n`, GCP),
      "RK-GCP-OBSERVABILITY",
      11,
    ],
    [
      "a GCP free-storage threshold of 100 percent",
      r1(`${DATABASE({})}observability:\n  alertEmails: [ops@example.com]\n  alerts: { databaseFreeStorage: { threshold: 100 } }\n`, GCP),
      "RK-GCP-OBSERVABILITY",
      13,
    ],
    [
      "the AKS rotation pool name",
      r1(
        `cluster:\n  version: "1.30"\n  nodePools:\n    - { name: general, size: small, min: 1, max: 3 }\n    - { name: systemtmp, size: small, min: 1, max: 3 }\n`,
        AZURE,
      ),
      "RK-AZURE-CLUSTER-POOLS",
      13,
    ],
  ])("%s", (_what, body, code, line) => {
    const { errors, valid } = validate({ files: { "r1.yaml": body } });
    const hit = errors.find((e) => e.code === code);
    expect(hit?.format() ?? errors.map((e) => e.format())).toEqual(expect.stringContaining(code));
    // The line of the realm file that set the value.
    expect(hit!.location).toEqual(expect.objectContaining({ file: expect.stringMatching(/r1\.yaml$/), line }));
    expect(valid).toEqual(["good"]);
  });
});

describe("service names the constructs would refuse never get past validate", () => {
  // The AWS, Azure and GCP constructs each check service names (RK-*-SERVICES-NAME); the schema's
  // name rule is stricter than all three, so validate already stops every such name here.
  it.each(["Crm", "a_b", "1crm", "crm.io", "c", "crmé"])("%s", (name) => {
    const { errors } = validate({ files: { "r1.yaml": r1(`services:\n  "${name}": { url: "https://crm.example.com" }\n`) } });
    expect(errors.map((e) => e.code)).toContain("RK-CONFIG-INVALID-KEY");
  });
});

describe("the catalogue keeps up with the source", () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? sources(p) : name.endsWith(".ts") ? [p] : [];
    });

  const entry = (code: string): ErrorCodeEntry | undefined => (ERROR_CODES as Readonly<Record<string, ErrorCodeEntry>>)[code];

  it("says for every RK-CONFIG-* code raised in lib/ whether validate reports it", () => {
    const raised = new Set(
      sources(join(REPO_ROOT, "lib")).flatMap((f) => [...readFileSync(f, "utf8").matchAll(/"(RK-CONFIG-[A-Z-]+)"/g)].map((m) => m[1]!)),
    );
    expect([...raised].filter((c) => !entry(c)?.validate)).toEqual([]);
  });

  it("says it for every RK-CONFIG-* code of the catalogue, with a reason where validate does not report it", () => {
    for (const [code, e] of Object.entries(ERROR_CODES) as [string, ErrorCodeEntry][]) {
      if (!code.startsWith("RK-CONFIG-")) continue;
      expect([code, e.validate === "reports" || (typeof e.validate === "object" && e.validate.notReported.length > 10)]).toEqual([
        code,
        true,
      ]);
    }
  });
});
