import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_REALM_FILE_BYTES } from "../../lib/config/safe-read";
import { inspectInventory } from "../../lib/model/inventory";
import { realmkit } from "../helpers/cli";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeInventory);
  dirs = [];
});
function inventory(files: Record<string, string>): string {
  const dir = tempInventory({ "_defaults.yaml": MINIMAL_DEFAULTS, ...files });
  dirs.push(dir);
  return dir;
}
const realm = (id: string, extra = "") => `realm: ${id}\n${awsCloud()}${extra}`;

/** Every problem is a located RealmkitError with a fix; nothing throws. */
function problems(dir: string) {
  const { errors } = inspectInventory(dir);
  for (const e of errors) {
    expect(e.location).toBeDefined();
    expect(e.location!.line).toBeGreaterThan(0);
    expect(e.fix).toBeTruthy();
  }
  return errors.map((e) => ({ code: e.code, line: e.location!.line, file: e.location!.file.split("/").pop() }));
}

describe("malformed YAML is a located error, never a crash", () => {
  const cases: Record<string, [string, string, number]> = {
    "alias without anchor": [realm("r1", "tags: { a: *nope }\n"), "RK-CONFIG-YAML", 6],
    "alias before its anchor": [realm("r1", "tags: { a: *x, b: &x v }\n"), "RK-CONFIG-YAML", 6],
    "self-referencing alias": [realm("r1", "tags: &x { a: [*x] }\n"), "RK-CONFIG-YAML", 6],
    "alias bomb": [
      `${realm("r1")}a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`,
      "RK-CONFIG-YAML",
      6,
    ],
    "keys equal after normalisation": [realm("r1", "tags:\n  1: a\n  '1': b\n"), "RK-CONFIG-DUPLICATE-KEY", 8],
    "a map as key": [realm("r1", "? [a]\n: b\n"), "RK-CONFIG-YAML", 6],
    "unknown tag": [realm("r1", "tier: !danger prod\n"), "RK-CONFIG-YAML", 6],
    "binary value": [realm("r1", "tier: !!binary aGk=\n"), "RK-CONFIG-YAML", 6],
    "infinite number": [realm("r1", "wave: .inf\n"), "RK-CONFIG-YAML", 6],
    "a list at the top": ["- realm: r1\n", "RK-CONFIG-NOT-A-MAP", 1],
  };
  it.each(Object.entries(cases))("%s", (_name, [text, code, line]) => {
    const found = problems(inventory({ "r1.yaml": text }));
    expect(found).toContainEqual({ code, line, file: "r1.yaml" });
  });

  it("invalid UTF-8 names the line and column of the bad byte", () => {
    const dir = inventory({});
    writeFileSync(
      join(dir, "r1.yaml"),
      Buffer.concat([Buffer.from(realm("r1") + 'tags: { a: "x'), Buffer.from([0xc3, 0x28]), Buffer.from('" }\n')]),
    );
    const { errors } = inspectInventory(dir);
    expect(errors.map((e) => [e.code, e.location?.line, e.location?.col])).toEqual([["RK-CONFIG-ENCODING", 6, 14]]);
  });

  it("a file over the size cap is refused before it is parsed", () => {
    const dir = inventory({ "r1.yaml": realm("r1", `tags: { a: "${"x".repeat(MAX_REALM_FILE_BYTES)}" }\n`) });
    expect(problems(dir)).toEqual([{ code: "RK-CONFIG-TOO-LARGE", line: 1, file: "r1.yaml" }]);
  });
});

describe("keys and values named like JavaScript object internals are data", () => {
  const names = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];

  it.each(names)("`%s` as a key anywhere never touches Object.prototype", (name) => {
    const dir = inventory({
      "_layers/prod.yaml": `${name}: { polluted: yes }\ntags: { ${JSON.stringify(name)}: { polluted: yes } }\n`,
      "r1.yaml": realm(
        "r1",
        `extends: [prod]\ntags: { ${JSON.stringify(name)}: { polluted: again } }\nnetwork: { ${JSON.stringify(name)}: { cidr: 10.9.0.0/16 } }\n`,
      ),
    });
    const found = problems(dir);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.code.startsWith("RK-CONFIG-"))).toBe(true);
  });

  it.each(names)("`%s` as a region, residency or layer is unknown, not a crash", (name) => {
    const dir = inventory({
      "r1.yaml": `realm: r1\nclouds:\n  - { provider: aws, region: ${JSON.stringify(name)}, account: "111122223333" }\n`,
      "r2.yaml": realm("r2", `extends: [${JSON.stringify(name)}]\n`),
      "r3.yaml": realm("r3", `residency: ${JSON.stringify(name.toLowerCase().replace(/_/g, ""))}\n`),
    });
    const found = problems(dir);
    expect(found.filter((f) => f.file === "r1.yaml").map((f) => f.code)).toEqual(["RK-CONFIG-UNKNOWN-REGION"]);
    expect(found.filter((f) => f.file === "r2.yaml").map((f) => f.code)).toContain("RK-CONFIG-UNKNOWN-LAYER");
    expect(found.filter((f) => f.file === "r3.yaml").map((f) => f.code)).toEqual([
      expect.stringMatching(/^RK-CONFIG-(UNKNOWN-RESIDENCY|INVALID-VALUE)$/),
    ]);
  });

  it("a tag named `constructor` is an ordinary tag", () => {
    const dir = inventory({ "r1.yaml": realm("r1", "tags: { constructor: x, tostring: y }\n") });
    const { inventory: inv, errors } = inspectInventory(dir);
    expect(errors).toEqual([]);
    expect({ ...inv.realms[0]!.config.tags }).toEqual({ constructor: "x", tostring: "y" });
  });

  it.each(["__proto__", "constructor", "tags.constructor", "tags.__proto__.x", "toString"])(
    "`explain r1 %s` exits 1 with a message",
    (path) => {
      const dir = inventory({ "r1.yaml": realm("r1") });
      const r = realmkit(["explain", "r1", path, "--realms", dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("RK-CLI-UNKNOWN-PATH");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
  );
});

describe("the inventory folder", () => {
  it("two files for one realm id are an error; other extensions get a warning", () => {
    const dir = inventory({ "us2.yaml": realm("us2"), "us2.yml": realm("us2"), "us3.yaml.txt": realm("us3"), "notes.md": "x" });
    const result = inspectInventory(dir);
    expect(result.errors.map((e) => e.code)).toEqual(["RK-CONFIG-DUPLICATE-REALM"]);
    expect(result.errors[0]!.message).toContain("us2.yml and us2.yaml");
    expect(result.inventory.warnings).toEqual([
      expect.stringContaining("notes.md: ignored"),
      expect.stringContaining("us3.yaml.txt: ignored"),
    ]);
    const cli = realmkit(["validate", "--realms", dir]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("us3.yaml.txt: ignored");
  });

  it("a FIFO, a folder or a device named like a realm is refused without hanging", () => {
    const dir = inventory({ "r1.yaml": realm("r1") });
    execFileSync("mkfifo", [join(dir, "r2.yaml")], { timeout: 10_000 });
    mkdirSync(join(dir, "r3.yaml"));
    symlinkSync("/dev/zero", join(dir, "r4.yaml"));
    const r = realmkit(["validate", "--realms", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("r2.yaml is not a regular file (a named pipe)");
    expect(r.stderr).toContain("r3.yaml is not a regular file (a folder)");
    expect(r.stderr).toMatch(/r4.yaml resolves to \/dev\/zero, outside the inventory/);
  });

  it("a symlink out of the inventory is never read", () => {
    const outside = tempInventory({ "secret.yaml": realm("r9") });
    dirs.push(outside);
    const dir = inventory({});
    symlinkSync(join(outside, "secret.yaml"), join(dir, "r9.yaml"));
    mkdirSync(join(dir, "_layers"));
    symlinkSync(join(outside, "secret.yaml"), join(dir, "_layers", "prod.yaml"));
    writeFileSync(join(dir, "r1.yaml"), realm("r1", "extends: [prod]\n"));
    expect(problems(dir).map((p) => p.code)).toEqual(["RK-CONFIG-OUTSIDE-INVENTORY", "RK-CONFIG-OUTSIDE-INVENTORY"]);
  });
});

describe("layers", () => {
  it("layers extend layers, depth first, each once, with provenance", () => {
    const dir = inventory({
      "_layers/base.yaml": "tier: staging\ntags: { from-base: yes }\n",
      "_layers/hardened.yaml": "extends: [base]\ntags: { from-hardened: yes }\n",
      "_layers/prod.yaml": "extends: [hardened, base]\ntier: prod\n",
      "r1.yaml": realm("r1", "extends: [prod]\n"),
    });
    const { inventory: inv, errors } = inspectInventory(dir);
    expect(errors).toEqual([]);
    const r1 = inv.realms[0]!;
    expect(r1.config.tier).toBe("prod");
    expect({ ...r1.config.tags }).toEqual({ "from-base": "yes", "from-hardened": "yes" });
    expect(r1.resolved.sources.map((s) => s.split("/").slice(-2).join("/"))).toEqual([
      expect.stringMatching(/_defaults.yaml$/),
      "_layers/base.yaml",
      "_layers/hardened.yaml",
      "_layers/prod.yaml",
      expect.stringMatching(/r1.yaml$/),
    ]);
    expect(r1.resolved.provenance.get("/tags/from-base")?.file).toMatch(/_layers\/base.yaml$/);
  });

  it("a cycle of layers is an error at the line that closes it", () => {
    const dir = inventory({
      "_layers/a.yaml": "extends: [b]\n",
      "_layers/b.yaml": "extends: [a]\n",
      "r1.yaml": realm("r1", "extends: [a]\n"),
    });
    const { errors } = inspectInventory(dir);
    expect(errors.map((e) => e.code)).toContain("RK-CONFIG-LAYER-CYCLE");
    expect(errors.find((e) => e.code === "RK-CONFIG-LAYER-CYCLE")!.message).toContain("a -> b -> a");
  });

  it("`extends` in the defaults file is an error, not ignored", () => {
    const dir = inventory({ "_defaults.yaml": `${MINIMAL_DEFAULTS}extends: [x]\n`, "r1.yaml": realm("r1") });
    expect(inspectInventory(dir).errors.map((e) => e.code)).toContain("RK-CONFIG-INVALID-VALUE");
  });

  it.each(["../r2", "../../../../etc/passwd", "/etc/passwd", "_layers/../r2", "a/b", ".."])(
    "layer or provider name %j never opens a file",
    (name) => {
      const dir = inventory({
        "r2.yaml": realm("r2"),
        "r1.yaml": `realm: r1\nextends: [${JSON.stringify(name)}]\nclouds:\n  - { provider: ${JSON.stringify(name)}, region: us-east-2, account: "111122223333" }\n`,
      });
      const { errors } = inspectInventory(dir);
      const mine = errors.filter((e) => e.realm === "r1");
      expect(mine.map((e) => e.code)).toContain("RK-CONFIG-UNKNOWN-LAYER");
      expect(mine.every((e) => !e.location?.file.endsWith("r2.yaml"))).toBe(true);
    },
  );
});

describe("identifiers per cloud", () => {
  const cloud = (entry: string) => `realm: r1\nclouds:\n  - ${entry}\n`;
  const cases: Record<string, string> = {
    "AWS account of 11 digits": `{ provider: aws, region: us-east-2, account: "11112222333" }`,
    "AWS account with letters": `{ provider: aws, region: us-east-2, account: "11112222333x" }`,
    "AWS role of another account": `{ provider: aws, region: us-east-2, account: "111122223333", deployIdentity: "arn:aws:iam::999988887777:role/deploy" }`,
    "AWS identity that is a user": `{ provider: aws, region: us-east-2, account: "111122223333", deployIdentity: "arn:aws:iam::111122223333:user/bob" }`,
    "GCP identity that is not a service account": `{ provider: gcp, region: us-east4, account: ibc-r1-prod, projectNumber: "123456789012", deployIdentity: "bob@gmail.com" }`,
    "GCP workload identity provider of the wrong shape": `{ provider: gcp, region: us-east4, account: ibc-r1-prod, projectNumber: "123456789012", workloadIdentityProvider: "github" }`,
    "GCP project id with capitals": `{ provider: gcp, region: us-east4, account: IBC-prod, projectNumber: "123456789012" }`,
    "Azure subscription that is not a GUID": `{ provider: azure, region: eastus2, account: "my-subscription", tenant: "7a1d9e42-c8b3-4f65-9e20-3b6c5d8a1f47" }`,
    "Azure client id that is not a GUID": `{ provider: azure, region: eastus2, account: "7a1d9e42-c8b3-4f65-9e20-3b6c5d8a1f47", deployIdentity: "arn:aws:iam::111122223333:role/x" }`,
  };
  it.each(Object.entries(cases))("%s is refused at its line", (_name, entry) => {
    const found = problems(inventory({ "r1.yaml": cloud(entry) }));
    expect(found.some((f) => f.line === 3 && f.code === "RK-CONFIG-INVALID-VALUE")).toBe(true);
  });
});
