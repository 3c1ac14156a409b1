import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformCli } from "../../lib/terraform/cli";
import { LOCK_FILE, LockMemory } from "../../lib/terraform/lock-memory";
import { terraformPlatform } from "../../lib/terraform/providers";
import { describeTerraform, MIRROR, writeStack } from "../helpers/terraform";

const awsStack = (constraint: string, statePath = "terraform.tfstate") => ({
  terraform: { required_providers: { aws: { source: "aws", version: constraint } }, backend: { local: { path: statePath } } },
});

describe("the plugin cache's memory of lock files", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-lockmem-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const options = (extra: { mirror?: string } = {}) => ({ pluginCacheDir: join(root, "cache"), cliConfig: "config", ...extra });

  test("is kept only where it cannot change the version terraform picks", () => {
    expect(LockMemory.for(writeStack(root, "exact", awsStack("5.100.0")), options())).toBeDefined();
    expect(LockMemory.for(writeStack(root, "eq", awsStack("= 5.100.0")), options())).toBeDefined();
    // A range resolved online may pick a newer release tomorrow: never remembered.
    expect(LockMemory.for(writeStack(root, "range", awsStack("~> 5.0")), options())).toBeUndefined();
    expect(LockMemory.for(writeStack(root, "none", { terraform: { backend: { local: {} } } }), options())).toBeUndefined();
    expect(LockMemory.for(join(root, "missing"), options())).toBeUndefined();
    // A mirror that cannot be read: no memory, and init runs (and reports it) as terraform alone would.
    writeFileSync(join(root, "not-a-folder"), "");
    expect(
      LockMemory.for(writeStack(root, "odd", awsStack("~> 5.0")), options({ mirror: join(root, "not-a-folder", "x") })),
    ).toBeUndefined();
    expect(LockMemory.for(writeStack(root, "odd2", awsStack("~> 5.0")), options({ mirror: join(root, "not-a-folder") }))).toBeUndefined();
  });

  test("a range served by a mirror is remembered under the mirror's versions: a version added to the mirror is a new key", () => {
    const mirror = join(root, "mirror");
    const addVersion = (v: string) =>
      mkdirSync(join(mirror, "registry.terraform.io", "hashicorp", "aws", v, terraformPlatform()), { recursive: true });
    addVersion("5.99.0");
    const dir = writeStack(root, "range", awsStack("~> 5.0"));
    const before = LockMemory.for(dir, options({ mirror }))!;
    writeFileSync(join(dir, LOCK_FILE), "lock for 5.99.0\n");
    before.remember(dir);
    rmSync(join(dir, LOCK_FILE));
    expect(LockMemory.for(dir, options({ mirror }))!.recall(dir)).toBe(true);
    rmSync(join(dir, LOCK_FILE));
    addVersion("5.100.0");
    expect(LockMemory.for(dir, options({ mirror }))!.recall(dir)).toBe(false);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  test("the key covers the constraint and the CLI configuration; a lock file already in the folder is never replaced", () => {
    const a = writeStack(root, "a", awsStack("5.100.0"));
    writeFileSync(join(a, LOCK_FILE), "first\n");
    LockMemory.for(a, options())!.remember(a);
    const other = writeStack(root, "b", awsStack("5.99.0"));
    expect(LockMemory.for(other, options())!.recall(other)).toBe(false);
    const same = writeStack(root, "c", awsStack("5.100.0"));
    expect(LockMemory.for(same, { ...options(), cliConfig: "another mirror" })!.recall(same)).toBe(false);
    writeFileSync(join(same, LOCK_FILE), "the user's own\n");
    expect(LockMemory.for(same, options())!.recall(same)).toBe(false);
    expect(readFileSync(join(same, LOCK_FILE), "utf8")).toBe("the user's own\n");
    rmSync(join(same, LOCK_FILE));
    expect(LockMemory.for(same, options())!.recall(same)).toBe(true);
    expect(readFileSync(join(same, LOCK_FILE), "utf8")).toBe("first\n");
    LockMemory.for(same, options())!.forget(same);
    expect(existsSync(join(same, LOCK_FILE))).toBe(false);
    expect(LockMemory.for(same, options())!.recall(same)).toBe(false);
  });
});

describeTerraform("terraform init with the lock memory, on the real CLI", { mirror: true }, () => {
  let root: string;
  let terraform: TerraformCli;
  const cache = () => join(root, "cache");
  const cacheEntry = () => join(cache(), "registry.terraform.io", "hashicorp", "aws", "5.100.0", terraformPlatform());
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-lockmem-tf-"));
    // A cache of its own: the test watches the cache entry, which other tests' inits would touch.
    terraform = new TerraformCli({
      baseEnv: process.env,
      pluginCacheDir: cache(),
      mirror: MIRROR,
      offline: true,
      configDir: join(root, "cfg"),
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("a second fresh folder's init only links the cached provider: the entry a running plan reads is never re-created", async () => {
    const log = join(root, "init.log");
    const first = writeStack(root, "realm-a", awsStack("5.100.0", "a.tfstate"));
    expect((await terraform.init(first, log)).ok).toBe(true);
    const entry = lstatSync(cacheEntry(), { bigint: true });
    // Another backend: the sibling seed does not apply, a real init runs.
    const second = writeStack(root, "realm-b", awsStack("5.100.0", "b.tfstate"));
    writeFileSync(log, "");
    expect((await terraform.init(second, log)).ok).toBe(true);
    expect(readFileSync(log, "utf8")).toContain("# lock file taken from the plugin cache's memory");
    const after = lstatSync(cacheEntry(), { bigint: true });
    expect([after.ino, after.ctimeNs]).toEqual([entry.ino, entry.ctimeNs]);
    expect(readFileSync(join(second, LOCK_FILE), "utf8")).toBe(readFileSync(join(first, LOCK_FILE), "utf8"));
  });

  test("without the memory (the behaviour it prevents) terraform re-creates the cache entry on every fresh init", async () => {
    const log = join(root, "init.log");
    expect((await terraform.init(writeStack(root, "realm-a", awsStack("5.100.0", "a.tfstate")), log)).ok).toBe(true);
    const entry = lstatSync(cacheEntry(), { bigint: true });
    rmSync(join(cache(), ".realmkit-locks"), { recursive: true });
    expect((await terraform.init(writeStack(root, "realm-b", awsStack("5.100.0", "b.tfstate")), log)).ok).toBe(true);
    expect(lstatSync(cacheEntry(), { bigint: true }).ctimeNs).not.toEqual(entry.ctimeNs);
  });

  test("a remembered lock terraform refuses (checksum no longer matches) is forgotten and the providers resolved afresh", async () => {
    const log = join(root, "init.log");
    expect((await terraform.init(writeStack(root, "realm-a", awsStack("5.100.0", "a.tfstate")), log)).ok).toBe(true);
    const memoryDir = join(cache(), ".realmkit-locks");
    const [file] = readdirSync(memoryDir);
    const good = readFileSync(join(memoryDir, file!), "utf8");
    writeFileSync(join(memoryDir, file!), good.replace(/"h1:[^"]+"/, '"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="'));
    writeFileSync(log, "");
    const second = writeStack(root, "realm-b", awsStack("5.100.0", "b.tfstate"));
    expect((await terraform.init(second, log)).ok).toBe(true);
    expect(readFileSync(log, "utf8")).toContain("# init refused the remembered lock file");
    expect(readFileSync(join(memoryDir, file!), "utf8")).toBe(good);
  });
});
