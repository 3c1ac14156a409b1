import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliConfigText, writeCliConfig } from "../../lib/terraform/cli-config";
import { OFFLINE_AWS_ENV, TerraformCli } from "../../lib/terraform/cli";

describe("terraform CLI configuration", () => {
  let root: string;
  let mirror: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "realmkit-cliconf-"));
    mirror = join(root, "mirror");
    mkdirSync(join(mirror, "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64"), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("offline: the mirror serves exactly what it holds, no registry fallback, shared cache, no checkpoint", () => {
    expect(cliConfigText({ mirror, pluginCacheDir: join(root, "cache"), offline: true })).toBe(
      [
        "provider_installation {",
        "  filesystem_mirror {",
        `    path    = "${mirror}"`,
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        "  }",
        "}",
        `plugin_cache_dir   = "${join(root, "cache")}"`,
        "disable_checkpoint = true",
        "",
      ].join("\n"),
    );
  });

  test("online with a mirror: everything else comes from its registry", () => {
    const text = cliConfigText({ mirror, pluginCacheDir: join(root, "cache"), offline: false });
    expect(text).toContain('  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }');
  });

  test("online without a mirror: terraform's default installation, still the shared cache", () => {
    expect(cliConfigText({ pluginCacheDir: join(root, "cache"), offline: false })).toBe(
      `plugin_cache_dir   = "${join(root, "cache")}"\ndisable_checkpoint = true\n`,
    );
  });

  test("the config file is written and the plugin cache created", () => {
    const file = writeCliConfig({ dir: join(root, "conf"), pluginCacheDir: join(root, "new-cache"), mirror, offline: true });
    expect(readFileSync(file, "utf8")).toContain("filesystem_mirror");
    expect(statSync(join(root, "new-cache")).isDirectory()).toBe(true);
  });

  test("child environment: TF_CLI_CONFIG_FILE always; dummy AWS credentials only offline, replacing real ones", () => {
    const base = { PATH: "/usr/bin", AWS_PROFILE: "prod-admin", AWS_SESSION_TOKEN: "real-token", TF_CLI_CONFIG_FILE: "/root/.terraformrc" };
    const offline = new TerraformCli({
      baseEnv: base,
      pluginCacheDir: join(root, "cache"),
      mirror,
      offline: true,
      configDir: join(root, "off"),
    });
    expect(offline.env.TF_CLI_CONFIG_FILE).toBe(join(root, "off", "terraform.rc"));
    expect(offline.env).toMatchObject({
      ...OFFLINE_AWS_ENV,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      TF_PLUGIN_CACHE_DIR: join(root, "cache"),
    });
    expect(offline.env.AWS_PROFILE).toBeUndefined();
    expect(offline.env.AWS_SESSION_TOKEN).toBeUndefined();

    const online = new TerraformCli({ baseEnv: base, pluginCacheDir: join(root, "cache"), offline: false, configDir: join(root, "on") });
    expect(online.env.AWS_PROFILE).toBe("prod-admin");
    expect(online.env.AWS_ACCESS_KEY_ID).toBeUndefined();
  });
});
