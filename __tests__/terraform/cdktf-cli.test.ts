import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cdktfCliSupport } from "../../lib/terraform/cdktf-cli-support";
import { cdktfEnv, exportLines } from "../../lib/terraform/cdktf-env";
import { withInitLock } from "../../lib/terraform/init-lock";
import { FIXTURE_REALMS, REPO_ROOT } from "../helpers/paths";
import { describeTerraform, MIRROR, testPluginCache } from "../helpers/terraform";

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), "realmkit-cdktf-cli-"));
  dirs.push(dir);
  return dir;
}

describe("realmkit cdktf-env: the plain cdktf CLI with a provider mirror", () => {
  it("knows on which Node the cdktf CLI can start: a prebuilt terminal binary for its ABI, or a local build", () => {
    expect(cdktfCliSupport({ ...process.versions, modules: "127" }, "linux-x64")).toEqual({ runnable: true });
    const none = cdktfCliSupport({ ...process.versions, node: "99.0.0", modules: "999" }, "linux-x64");
    expect(none).toMatchObject({ runnable: false, reason: expect.stringMatching(/Node 99\.0\.0.*ABI 999.*Node 20 or 22/) });
  });

  it("writes a terraform CLI config that installs from the mirror, and the wrapper that gives `providers lock` the mirror", () => {
    const dir = temp();
    const mirror = join(dir, "mirror");
    mkdirSync(join(mirror, "registry.terraform.io", "hashicorp", "aws", "5.100.0", "linux_amd64"), { recursive: true });
    // A stand-in terraform that prints the arguments it was given.
    const fake = join(dir, "fake-terraform");
    writeFileSync(fake, '#!/bin/sh\nprintf "%s\\n" "$@"\n');
    chmodSync(fake, 0o755);
    const env = cdktfEnv({ dir: join(dir, "cfg"), mirror, pluginCacheDir: join(dir, "cache"), offline: true, terraform: fake });
    expect(env).toMatchObject({
      CHECKPOINT_DISABLE: "1",
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
      REALMKIT_OFFLINE: "1",
      REALMKIT_PROVIDER_MIRROR: mirror,
    });
    expect(readFileSync(env.TF_CLI_CONFIG_FILE!, "utf8")).toContain(`filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}`);
    const run = (...args: string[]) =>
      spawnSync(env.TERRAFORM_BINARY_NAME!, args, { env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 })
        .stdout.trim()
        .split("\n");
    expect(run("providers", "lock", "-platform=linux_amd64")).toEqual([
      "providers",
      "lock",
      `-fs-mirror=${mirror}`,
      "-platform=linux_amd64",
    ]);
    expect(run("plan", "-input=false")).toEqual(["plan", "-input=false"]);
  });

  it("refuses --offline without a mirror, and quotes every value for sh", () => {
    const dir = temp();
    expect(() => cdktfEnv({ dir, pluginCacheDir: dir, offline: true, terraform: "terraform" })).toThrow(
      /--offline needs a provider mirror/,
    );
    const lines = exportLines({ A: "it's $(rm -rf ~)" });
    expect(lines).toBe(`export A='it'\\''s $(rm -rf ~)'`);
    expect(spawnSync("sh", ["-c", `${lines}; printf %s "$A"`], { encoding: "utf8", timeout: 120_000 }).stdout).toBe("it's $(rm -rf ~)");
  });
});

describeTerraform("npx cdktf diff, offline, first run (no lock file yet)", { mirror: true }, () => {
  it("plans an AWS realm against local state with the mirror and prints no telemetry or CLI-config errors", async () => {
    const dir = temp();
    const realms = join(dir, "realms");
    mkdirSync(join(realms, "_layers"), { recursive: true });
    cpSync(join(FIXTURE_REALMS, "_defaults.yaml"), join(realms, "_defaults.yaml"));
    cpSync(join(FIXTURE_REALMS, "_layers"), join(realms, "_layers"), { recursive: true });
    cpSync(join(FIXTURE_REALMS, "stg1.yaml"), join(realms, "stg1.yaml"));
    const cache = testPluginCache();
    const env = cdktfEnv({ dir: join(dir, "cfg"), mirror: MIRROR, pluginCacheDir: cache, offline: true, terraform: "terraform" });
    const out = join(dir, "cdktf.out");
    const child: NodeJS.ProcessEnv = { ...process.env, ...env, REALMKIT_REALMS: realms, REALMKIT_SYNTH_CACHE: "off", CI: "1" };
    for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN"]) delete child[k];
    const result = await withInitLock(cache, () => run(["cdktf", "diff", "realm-stg1", "--output", out], child));
    const support = cdktfCliSupport();
    if (!support.runnable) {
      // The documented limit (docs/cdktf-cli.md): on a Node without the terminal library's binary
      // the cdktf CLI cannot start at all, and realmkit says so before the user runs it.
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/pty\.node/);
      expect(support.reason).toMatch(new RegExp(`Node ${process.versions.node}.*realmkit synth`));
      return;
    }
    expect({ code: result.code, tail: result.output.slice(-3000) }).toEqual({
      code: 0,
      tail: expect.stringMatching(/Plan: \d+ to add, 0 to change, 0 to destroy/),
    });
    expect(result.output).not.toMatch(/telemetry|Unable to open CLI configuration file|could not connect to registry/i);
    expect(existsSync(join(out, "stacks", "realm-stg1", ".terraform.lock.hcl"))).toBe(true);
  });
});

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const p = spawn(join(REPO_ROOT, "node_modules", ".bin", args[0]!), args.slice(1), {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    p.stdout.on("data", (d) => (output += d));
    p.stderr.on("data", (d) => (output += d));
    // Without terraform's colour codes, so messages match as printed.
    p.on("close", (code) => done({ code, output: output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "") }));
  });
}
