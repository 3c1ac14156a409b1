import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initIsCurrent, resetCarriedInit, seedInitFromSibling, writeInitStamp } from "../../lib/terraform/init-stamp";

/** A work folder as `terraform init` leaves it: the stack, the lock file, providers linked into a plugin cache. */
function initialised(root: string, stack: unknown): { dir: string; cache: string } {
  const dir = join(root, "stack");
  const cache = join(root, "plugin-cache", "aws", "linux_amd64");
  mkdirSync(cache, { recursive: true });
  const versionDir = join(dir, ".terraform", "providers", "registry.terraform.io", "hashicorp", "aws", "5.100.0");
  mkdirSync(versionDir, { recursive: true });
  symlinkSync(cache, join(versionDir, "linux_amd64"));
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack));
  writeFileSync(join(dir, ".terraform.lock.hcl"), 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.100.0"\n}\n');
  return { dir, cache };
}

const base = {
  terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } }, backend: { local: { path: "terraform.tfstate" } } },
  provider: { aws: [{ region: "eu-central-1" }] },
  resource: { aws_sns_topic: { alerts: { name: "a" } } },
};
const context = { terraformVersion: "1.11.4", cliConfig: 'plugin_cache_dir = "/cache"\n' };

describe("init stamp: init is skipped only for a folder initialised for exactly what init would act on", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-stamp-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("no stamp: init runs; after a stamp, resources and provider settings do not matter", () => {
    const { dir } = initialised(root, base);
    expect(initIsCurrent(dir, context)).toBe(false);
    writeInitStamp(dir, context);
    expect(initIsCurrent(dir, context)).toBe(true);
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify({ ...base, provider: { aws: [{ region: "us-east-1" }] }, resource: {} }));
    expect(initIsCurrent(dir, context)).toBe(true);
  });

  test.each([
    ["backend", { ...base, terraform: { ...base.terraform, backend: { local: { path: "other.tfstate" } } } }],
    ["provider version", { ...base, terraform: { ...base.terraform, required_providers: { aws: { source: "aws", version: "5.99.0" } } } }],
    ["module source", { ...base, module: { vpc: { source: "./vpc" } } }],
  ])("a changed %s means init", (_what, stack) => {
    const { dir } = initialised(root, base);
    writeInitStamp(dir, context);
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack));
    expect(initIsCurrent(dir, context)).toBe(false);
  });

  test("another terraform, CLI configuration or lock file means init", () => {
    const { dir } = initialised(root, base);
    writeInitStamp(dir, context);
    expect(initIsCurrent(dir, { ...context, terraformVersion: "1.12.0" })).toBe(false);
    expect(initIsCurrent(dir, { ...context, cliConfig: 'plugin_cache_dir = "/elsewhere"\n' })).toBe(false);
    writeFileSync(join(dir, ".terraform.lock.hcl"), "# edited\n");
    expect(initIsCurrent(dir, context)).toBe(false);
  });

  test("a provider link into a cleared plugin cache means init; a damaged stamp means init", () => {
    const first = initialised(root, base);
    writeInitStamp(first.dir, context);
    rmSync(first.cache, { recursive: true, force: true });
    expect(initIsCurrent(first.dir, context)).toBe(false);
    mkdirSync(first.cache, { recursive: true });
    expect(initIsCurrent(first.dir, context)).toBe(true);
    writeFileSync(join(first.dir, ".terraform", "realmkit-init.json"), "{not json");
    expect(initIsCurrent(first.dir, context)).toBe(false);
    rmSync(join(first.dir, ".terraform", "providers"), { recursive: true, force: true });
    writeInitStamp(first.dir, context);
    expect(initIsCurrent(first.dir, context)).toBe(false);
  });

  test("a carried-over init that cannot be reused starts clean; a fresh folder is left alone", () => {
    const { dir } = initialised(root, base);
    resetCarriedInit(dir);
    expect(existsSync(join(dir, ".terraform.lock.hcl"))).toBe(true);
    writeInitStamp(dir, context);
    resetCarriedInit(dir);
    expect(existsSync(join(dir, ".terraform"))).toBe(false);
    expect(existsSync(join(dir, ".terraform.lock.hcl"))).toBe(false);
  });
});

describe("init seed: a fresh folder takes the init of a sibling initialised for the same inputs", () => {
  let root: string;
  let sibling: string;
  const fresh = (stack: unknown, name = "fresh") => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack));
    return dir;
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-seed-"));
    sibling = initialised(root, base).dir;
    writeInitStamp(sibling, context);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("same providers, backend, terraform and CLI configuration: links and lock file copied, stamp current", () => {
    const dir = fresh({ ...base, resource: { aws_sns_topic: { other: { name: "b" } } } });
    expect(seedInitFromSibling(dir, context)).toBe(sibling);
    expect(initIsCurrent(dir, context)).toBe(true);
    expect(readFileSync(join(dir, ".terraform.lock.hcl"), "utf8")).toBe(readFileSync(join(sibling, ".terraform.lock.hcl"), "utf8"));
    const link = join(dir, ".terraform", "providers", "registry.terraform.io", "hashicorp", "aws", "5.100.0", "linux_amd64");
    expect(readlinkSync(link)).toBe(join(root, "plugin-cache", "aws", "linux_amd64"));
  });

  test.each([
    ["another backend", { ...base, terraform: { ...base.terraform, backend: { local: { path: "other.tfstate" } } } }],
    [
      "another provider version",
      { ...base, terraform: { ...base.terraform, required_providers: { aws: { source: "aws", version: "5.99.0" } } } },
    ],
    ["a module", { ...base, module: { vpc: { source: "./vpc" } } }],
  ])("%s: no seed, nothing written", (_what, stack) => {
    const dir = fresh(stack);
    expect(seedInitFromSibling(dir, context)).toBeUndefined();
    expect(existsSync(join(dir, ".terraform"))).toBe(false);
    expect(existsSync(join(dir, ".terraform.lock.hcl"))).toBe(false);
  });

  test("another terraform or CLI configuration, a sibling whose links dangle or whose stamp is damaged: no seed", () => {
    const dir = fresh(base);
    expect(seedInitFromSibling(dir, { ...context, terraformVersion: "1.12.0" })).toBeUndefined();
    expect(seedInitFromSibling(dir, { ...context, cliConfig: "" })).toBeUndefined();
    rmSync(join(root, "plugin-cache"), { recursive: true, force: true });
    expect(seedInitFromSibling(dir, context)).toBeUndefined();
    mkdirSync(join(root, "plugin-cache", "aws", "linux_amd64"), { recursive: true });
    writeFileSync(join(sibling, ".terraform", "realmkit-init.json"), "{not json");
    expect(seedInitFromSibling(dir, context)).toBeUndefined();
    expect(existsSync(join(dir, ".terraform"))).toBe(false);
  });

  test("a folder with a lock file or a .terraform of its own is never overwritten", () => {
    const dir = fresh(base);
    writeFileSync(join(dir, ".terraform.lock.hcl"), "# mine\n");
    expect(seedInitFromSibling(dir, context)).toBeUndefined();
    expect(readFileSync(join(dir, ".terraform.lock.hcl"), "utf8")).toBe("# mine\n");
  });
});
