import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformCli } from "../../lib/terraform/cli";
import { REPO_ROOT } from "../helpers/paths";
import { describeTerraform, MIRROR, testPluginCache } from "../helpers/terraform";

const EXAMPLE = join(REPO_ROOT, "examples", "consumer");
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

/**
 * Every step is bounded: a stalled npm (a registry that accepts the connection and never
 * answers) once held a CI run until its 90 minutes were gone. Now it fails this test, naming it.
 */
function run(command: string, args: string[], options: SpawnSyncOptions): string {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 240_000, killSignal: "SIGKILL", ...options });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exited ${r.status}`;
    throw new Error(`${command} ${args.join(" ")}: ${why}\n${r.stderr}${r.stdout}`);
  }
  return String(r.stdout);
}

/**
 * What another team does: `npm pack` Realmkit, add the tarball to a project of its own with
 * cdktf, constructs and the AWS binding only, type-check its stack against the shipped
 * declarations, synthesize it and `terraform validate` the result. The npm cache is reused
 * (--prefer-offline) so the install copies files instead of downloading them (~6 s).
 */
describeTerraform("examples/consumer installed from the packed library", { mirror: true }, () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, "dist", "lib", "index.js")))
      throw new Error("dist/ is missing: run npm run build (npm install does it)");
    root = mkdtempSync(join(tmpdir(), "realmkit-consumer-"));
    const tarball = run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", root], { cwd: REPO_ROOT })
      .trim()
      .split("\n")
      .pop()!;
    project = join(root, "consumer");
    mkdirSync(project);
    for (const file of readdirSync(EXAMPLE)) copyFileSync(join(EXAMPLE, file), join(project, file));
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    pkg.dependencies.realmkit = `file:${join(root, tarball)}`;
    writeFileSync(join(project, "package.json"), JSON.stringify(pkg, null, 2));
    // Dev dependencies (typescript) are left out: the repository's own compiler checks the example.
    run(
      "npm",
      [
        "install",
        "--omit=dev",
        "--ignore-scripts",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--no-update-notifier",
        "--fetch-timeout=60000",
        "--loglevel=error",
      ],
      {
        cwd: project,
      },
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("installs only the AWS binding, and Realmkit without the inventory", () => {
    expect(readdirSync(join(project, "node_modules", "@cdktf")).filter((d) => d.startsWith("provider-"))).toEqual(["provider-aws"]);
    const installed = join(project, "node_modules", "realmkit");
    expect(existsSync(join(installed, "realms"))).toBe(false);
    expect(existsSync(join(installed, "node_modules", "cdktf"))).toBe(false);
    expect(existsSync(join(installed, "dist", "lib", "config", "realm.schema.json"))).toBe(true);
  });

  it("type-checks against the shipped declarations, synthesizes and passes terraform validate", async () => {
    run(process.execPath, [TSC, "-p", project], { cwd: project });
    run(process.execPath, ["main.js"], { cwd: project });
    const stack = join(project, "cdktf.out", "stacks", "consumer-aws");
    const json = JSON.parse(readFileSync(join(stack, "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.provider)).toEqual(["aws"]);
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(["aws_kms_key", "aws_vpc", "aws_s3_bucket", "aws_flow_log"]));

    const terraform = new TerraformCli({
      baseEnv: process.env,
      pluginCacheDir: testPluginCache(),
      mirror: MIRROR,
      offline: true,
      configDir: join(root, "tf"),
    });
    const init = await terraform.init(stack, join(root, "tf", "init.log"));
    expect(init.error).toBeUndefined();
    expect(init.ok).toBe(true);
    expect(await terraform.validate(stack, join(root, "tf", "validate.log"))).toEqual({ valid: true, code: 0, errors: [] });
  });
});
