import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { loadInventory } from "../../lib/model/inventory";
import { buildRuntimeDocument, publishesRuntimeConfig, type RuntimeDocument } from "../../lib/runtime/document";
import { formatRuntimeDocument, toEnv } from "../../lib/runtime/format";
import { placeholderRefs } from "../../lib/runtime/placeholders";
import { publishedDocuments } from "../../lib/policy/runtime-documents";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import schema from "../../lib/runtime/runtime-config.schema.json";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { FIXTURE_REALMS, synthInventory, type TfJson } from "../helpers/synth";

const inventory = loadInventory(FIXTURE_REALMS);
const targets = inventory.realms.flatMap((realm) => realm.targets.map((target) => ({ realm, target })));
const publishing = targets.filter(({ target }) => publishesRuntimeConfig(target));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** The document a synthesized stack publishes, with Terraform references in place of values known after apply. */
function published(json: TfJson): Record<string, unknown> {
  const docs = publishedDocuments(fromTerraformJson(json as Record<string, unknown>, "stack.tf.json").resources);
  expect(docs).toHaveLength(1);
  return docs[0]!.document!;
}

/** Same shape, same literals: a reference in the stack is a placeholder in the CLI and nothing else differs. */
function sameShape(stack: unknown, cli: unknown, path = ""): void {
  if (typeof stack === "string" && /(^|[^$])\$\{[^}]+\}/.test(stack)) {
    expect([path, cli]).toEqual([path, expect.stringMatching(/^<after apply: .+>$/)]);
    return;
  }
  if (stack !== null && typeof stack === "object") {
    expect([path, Object.keys(stack as object).sort()]).toEqual([path, Object.keys(cli as object).sort()]);
    for (const [k, v] of Object.entries(stack as object)) sameShape(v, (cli as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect([path, stack]).toEqual([path, cli]);
}

describe("the runtime configuration document", () => {
  const stacks = synthInventory();

  test("every sample stack with a cluster publishes one, and only those", () => {
    expect(publishing.length).toBeGreaterThanOrEqual(7);
    for (const { target } of targets) {
      const docs = publishedDocuments(fromTerraformJson(stacks[target.stackId] as Record<string, unknown>, "s").resources);
      expect([target.stackId, docs.length]).toEqual([target.stackId, publishesRuntimeConfig(target) ? 1 : 0]);
    }
  });

  test.each(publishing.map(({ realm, target }) => [target.stackId, realm, target] as const))(
    "%s: matches its schema and a snapshot, and `realmkit config` shows exactly what the stack publishes",
    (stackId, realm, target) => {
      const { document } = buildRuntimeDocument(realm, target, placeholderRefs(realm, target));
      expect(validate(document)).toBe(true);
      expect(validate.errors ?? []).toEqual([]);
      expect(document).toMatchSnapshot();
      const fromStack = published(stacks[stackId]!);
      expect(validate(fromStack)).toBe(true);
      sameShape(fromStack, JSON.parse(JSON.stringify(document)));
    },
  );

  test("credentials appear as references to their secret, never as values", () => {
    const us2 = published(stacks["realm-us2"]!) as unknown as RuntimeDocument;
    expect(us2.database?.credentialsSecret).toEqual({
      store: "aws-secrets-manager",
      id: expect.stringMatching(/^\$\{aws_db_instance\..+\.master_user_secret\[0\]\.secret_arn\}$/),
    });
    expect(us2.services.payments?.credentialsSecret).toEqual({
      store: "aws-secrets-manager",
      id: expect.stringMatching(/^\$\{aws_secretsmanager_secret\..+\.arn\}$/),
    });
    expect(us2.services.search?.credentialsSecret).toBeUndefined();
  });

  test("app settings layer: defaults, then the tier layer, then the realm file", () => {
    const byId = new Map(inventory.realms.map((r) => [r.id, r]));
    const settings = (id: string) => byId.get(id)!.config.app?.settings;
    expect(settings("eu1")).toMatchObject({
      locale: "de-DE",
      logLevel: "warn",
      sessionTimeoutMinutes: 30,
      features: { newBilling: false },
    });
    expect(settings("stg1")).toMatchObject({ locale: "en-US", logLevel: "debug", features: { newBilling: true } });
  });
});

describe("an app setting change", () => {
  let dir: string;
  afterEach(() => removeInventory(dir));

  test("changes only that realm's stack", () => {
    dir = tempInventory({}, "samples");
    const before = synthInventory(dir);
    const file = join(dir, "us3.yaml");
    writeFileSync(file, `${readFileSync(file, "utf8")}\napp:\n  settings: { checkoutTimeoutSeconds: 45 }\n`);
    const after = synthInventory(dir);
    const changed = Object.keys(before).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));
    expect(changed).toEqual(["realm-us3"]);
    expect((published(after["realm-us3"]!).settings as Record<string, unknown>).checkoutTimeoutSeconds).toBe(45);
  });
});

describe("the env format", () => {
  const hostile = ["it's", "$(touch /tmp/pwned)", "`id`", "a\nb", "${HOME}", "\\", "'; exit 3; '"];

  test("sourcing it in a shell yields every value literally and runs nothing", () => {
    const realm = inventory.realms.find((r) => r.id === "us2")!;
    const target = realm.targets[0]!;
    const { document } = buildRuntimeDocument(realm, target, placeholderRefs(realm, target));
    const settings = Object.fromEntries(hostile.map((v, i) => [`v${i}`, v]));
    const dir = mkdtempSync(join(tmpdir(), "realmkit-env-"));
    try {
      const file = join(dir, "runtime.env");
      writeFileSync(file, toEnv({ ...document, settings }));
      const script = `set -e; . "${file}"; ${hostile.map((_, i) => `printf '%s\\0' "$IBC_SETTINGS_V${i}"`).join("; ")}`;
      const r = spawnSync("sh", ["-c", script], { encoding: "utf8", timeout: 120_000 });
      expect(r.status).toBe(0);
      expect(r.stdout.split("\0").slice(0, -1)).toEqual(hostile);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("two settings that map to one variable are an error naming it", () => {
    const realm = inventory.realms[0]!;
    const { document } = buildRuntimeDocument(realm, realm.targets[0]!, placeholderRefs(realm, realm.targets[0]!));
    expect(() => formatRuntimeDocument({ ...document, settings: { logLevel: "a", log_level: "b" } }, "env")).toThrow(
      /IBC_SETTINGS_LOG_LEVEL/,
    );
  });
});
