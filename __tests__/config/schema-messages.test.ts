import { loadRealms } from "../../lib/config/load";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

/**
 * Every JSON Schema keyword the realm schema uses, broken once: the problem says in words what
 * is wrong and what to write instead (with an example where the schema has one), at the realm
 * file's line, naming the realm. Never a regular expression or ajv's own wording.
 */
const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(", ");
const CASES: Readonly<Record<string, { body: string; message: RegExp; fix: RegExp }>> = {
  type: { body: "wave: soon\n", message: /`wave` must be a whole number, got the text "soon"/, fix: /write `wave` as a whole number/ },
  additionalProperties: {
    body: "observability: { alertEmail: [a@example.com] }\n",
    message: /unknown key `alertEmail` in `observability`\. did you mean `alertEmails`\?/,
    fix: /use one of: alertEmails, logRetentionDays/,
  },
  required: {
    body: "network: { zones: 2, cidr: null }\n",
    message: /`network` needs `cidr`/,
    fix: /add `cidr:` to `network` \(e\.g\. 10\.20\.0\.0\/16\)/,
  },
  pattern: {
    body: "dns: { zone: Bad_Zone }\n",
    message: /`dns\.zone` is "Bad_Zone", which is not allowed: a lowercase DNS name with at least two labels/,
    fix: /, e\.g\. us2\.ibc\.example\.com/,
  },
  "format (email)": {
    body: "observability: { alertEmails: [ops-at-example] }\n",
    message: /is "ops-at-example", which is not allowed: an e-mail address/,
    fix: /write an e-mail address, e\.g\. ops@ibc\.example\.com/,
  },
  "format (date)": {
    body: 'suppressions:\n  - { rule: RK-AWS-DB-MULTI-AZ, reason: "a partner database, reviewed", approvedBy: a@example.com, expires: next week }\n',
    message: /the last day the exception holds, as a quoted date YYYY-MM-DD/,
    fix: /e\.g\. 2027-06-30/,
  },
  minLength: {
    body: 'suppressions:\n  - { rule: RK-AWS-DB-MULTI-AZ, reason: "short", approvedBy: a@example.com, expires: "2099-01-01" }\n',
    message: /`suppressions\[0\]\.reason` is 5 characters long; it needs at least 10/,
    fix: /write at least 10 characters/,
  },
  maxLength: {
    body: `tags: { team: ${"x".repeat(64)} }\n`,
    message: /`tags\.team` is 64 characters long; at most 63 are allowed/,
    fix: /shorten it to 63 characters or fewer/,
  },
  minimum: { body: "wave: -1\n", message: /`wave` is -1; it must be at least 0/, fix: /use a whole number from 0 to 99/ },
  maximum: { body: "wave: 100\n", message: /`wave` is 100; it must be at most 99/, fix: /use a whole number from 0 to 99/ },
  enum: {
    body: "tier: production\n",
    message: /`tier` is "production", which is not allowed\. did you mean `prod`\?/,
    fix: /use one of: prod, staging, dev/,
  },
  "enum (size)": {
    body: 'cluster: { version: "1.30", nodePools: [{ name: general, size: medum, min: 1, max: 2 }] }\n',
    message: /did you mean `medium`\?/,
    fix: /use one of: small, medium, large, xlarge/,
  },
  propertyNames: {
    body: "tags: { CostCenter: x }\n",
    message: /`tags` has the key `CostCenter`, which is not allowed \(a tag key: up to 63 lowercase letters/,
    fix: /rename the key, e\.g\. cost-center/,
  },
  uniqueItems: { body: "compliance: [soc2, soc2]\n", message: /`compliance` lists "soc2" twice/, fix: /list each value once/ },
  minItems: {
    body: 'cluster: { version: "1.30", nodePools: [] }\n',
    message: /`cluster\.nodePools` is an empty list; it needs at least 1 entry/,
    fix: /add an entry to `cluster\.nodePools`, or remove the key/,
  },
  maxItems: {
    body: `app: { settings: { hosts: [${many(101, (i) => `h${i}`)}] } }\n`,
    message: /`app\.settings\.hosts` is a list, which is none of the forms allowed here/,
    fix: /a list of text .* \(up to 100 entries\)/,
  },
  maxProperties: {
    body: `app: { settings: { ${many(201, (i) => `s${i}: 1`)} } }\n`,
    message: /`app\.settings` has 201 keys; at most 200 are allowed/,
    fix: /keep 200 keys or fewer/,
  },
  anyOf: {
    body: "app: { settings: { limits: [{ max: 1 }] } }\n",
    message: /`app\.settings\.limits` is a list, which is none of the forms allowed here/,
    fix: /write text \(up to 4096 characters\), or a number, or true or false, or a list .*, or a mapping/,
  },
};

describe("schema problems in plain words", () => {
  it.each(Object.entries(CASES))("%s", (_keyword, c) => {
    const dir = tempInventory({ "_defaults.yaml": MINIMAL_DEFAULTS, "r1.yaml": `realm: r1\n${awsCloud()}${c.body}` });
    try {
      const { errors } = loadRealms(dir);
      const hit = errors.find((e) => c.message.test(e.message));
      expect({ found: hit?.message, all: errors.map((e) => e.message) }).toEqual(
        expect.objectContaining({ found: expect.stringMatching(c.message) }),
      );
      expect(hit!.fix).toMatch(c.fix);
      expect(hit!.realm).toBe("r1");
      expect(hit!.location!.file).toMatch(/r1\.yaml$/);
      for (const e of errors) {
        const text = `${e.message} ${e.fix ?? ""}`;
        expect(text).not.toMatch(
          /\^|\\d|\[a-z|must NOT|must match|must be [<>]=|property name must be valid|documented form|a aws|not allowed here$/,
        );
        expect(e.realm).toBe("r1");
      }
    } finally {
      removeInventory(dir);
    }
  });
});
