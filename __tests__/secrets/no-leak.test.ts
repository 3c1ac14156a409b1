import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { realmkit } from "../helpers/cli";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { POSITIVES } from "./credentials";

const value = (name: string) => POSITIVES.find((c) => c.name === name)!.value;
const GITHUB = value("GitHub classic token");
const GITLAB = value("GitLab personal access token");
const SLACK = value("Slack bot token");
const NPM = value("npm token");
const STRIPE = value("Stripe live secret key");
const PASSWORD = "s3cr3t-pa55";
const WRAPPED = "hunter2hunter2";
/** Enough of each secret that printing any of them shows up. */
const LEAKS = [GITHUB, GITLAB, SLACK, NPM, STRIPE, PASSWORD, WRAPPED].map((s) => s.slice(0, 16));

function expectNoLeak(out: { stdout: string; stderr: string }): void {
  const all = out.stdout + out.stderr;
  for (const leak of LEAKS) expect(all).not.toContain(leak);
  expect(all).not.toMatch(/internal error|\n\s+at .+\(.+:\d+:\d+\)/);
}

/**
 * A realm with secrets in several places (its own file, a layer, a tag, a service URL, a
 * value wrapped in a Terraform expression, a schema-invalid field) never has them printed by
 * any command, in text or JSON, and every command refuses it with exit 1.
 */
describe("a realm with secrets in it", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempInventory({}, "samples");
    const us2 = readFileSync(join(dir, "us2.yaml"), "utf8")
      .replace('cost-center: "4711"', `cost-center: "4711", token: "${GITLAB}"`)
      .replace(
        'payments: { url: "https://api.payments.example.com", secret: true }',
        `payments: { url: "https://ops:${PASSWORD}@api.payments.example.com", secret: true }`,
      );
    writeFileSync(
      join(dir, "us2.yaml"),
      `${us2}app:\n  settings:\n    apiKey: ${GITHUB}\n    dsn: "postgres://app:${PASSWORD}@db.internal:5432/ibc"\n    dbPassword: '\${"${WRAPPED}"}'\n`,
    );
    writeFileSync(
      join(dir, "_layers", "prod.yaml"),
      `${readFileSync(join(dir, "_layers", "prod.yaml"), "utf8")}\n# pasted by mistake\ntags: { slack-hook: "${SLACK}" }\n`,
    );
    // Invalid for the schema as well: the schema's message must mask it too.
    writeFileSync(
      join(dir, "stg1.yaml"),
      readFileSync(join(dir, "stg1.yaml"), "utf8")
        .replace(/^tier: .*$/m, "")
        .concat(`\ntier: "${STRIPE}"\nwave: "${NPM}"\n`),
    );
  });
  afterAll(() => removeInventory(dir));

  test.each(
    [
      ["validate"],
      ["validate", "--json"],
      ["list"],
      ["explain", "us2"],
      ["explain", "us2", "app.settings.apiKey", "--json"],
      ["config", "us2"],
      ["config", "us2", "--explain", "--format", "json"],
      ["synth", "--out", "__OUT__"],
      ["policy", "--format", "sarif"],
    ].map((args) => [args.join(" "), args] as const),
  )("realmkit %s exits 1 and prints none of them", (_name, args) => {
    const out = realmkit([...args.map((a) => (a === "__OUT__" ? join(dir, "out") : a)), "--realms", dir]);
    expectNoLeak(out);
    expect(out.code).toBe(1);
    expect(out.stdout + out.stderr).toMatch(/RK-CONFIG-SECRET/);
  });

  test("validate names each place with file:line:col, the kind of secret and a fix", () => {
    const out = realmkit(["validate", "--realms", dir]);
    expect(out.stderr).toContain("`app.settings.apiKey` holds a GitHub token");
    expect(out.stderr).toContain("`app.settings.dbPassword` holds a literal value under the secret-named key `dbPassword`");
    expect(out.stderr).toContain("`tags.token` holds a GitLab token");
    expect(out.stderr).toMatch(/prod\.yaml:\d+:\d+ {2}error {2}RK-CONFIG-SECRET {2}(?:realm \w+: )?`tags.slack-hook` holds a Slack token/);
    expect(out.stderr).toContain("https://ops:****@api.payments.example.com");
    expect(out.stderr).toMatch(/stg1\.yaml:\d+:\d+ {2}error/);
    expect(out.stderr).toContain("fix: remove the value");
  });
});

describe("Terraform JSON with secrets, checked by `realmkit policy`", () => {
  test("every report format fails RK-NO-SECRETS and shows no value", () => {
    const dir = tempInventory({
      "cdk.tf.json": JSON.stringify({
        provider: { aws: [{ region: "eu-central-1", token: GITHUB }] },
        resource: {
          aws_db_instance: { db: { identifier: "db", password: `\${"${WRAPPED}"}` } },
          aws_instance: { vm: { ami: "a", user_data: `export NPM_TOKEN=${NPM}\ncurl https://ops:${PASSWORD}@h.example.com` } },
        },
      }),
    });
    try {
      for (const format of ["table", "json", "sarif", "junit"]) {
        const out = realmkit(["policy", join(dir, "cdk.tf.json"), "--format", format, "--profile", "baseline"]);
        expectNoLeak(out);
        expect(out.code).toBe(1);
        expect(out.stdout).toContain("RK-NO-SECRETS");
      }
    } finally {
      removeInventory(dir);
    }
  });
});
