import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realmkit } from "../helpers/cli";
import { FIXTURE_REALMS, REPO_ROOT } from "../helpers/paths";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

describe("realmkit synth", () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), "realmkit-synth-cmd-"));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("writes one cdk.tf.json per realm/provider pair in the cdktf.out layout", () => {
    const out = join(work, "out");
    const { code, stdout } = realmkit(["synth", "--backend", "local", "--out", out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /synthesized \d+ stacks for \d+ realms into .* in \d+ ms \(load \d+ ms, build and write \d+ ms, checks \d+ ms\)/,
    );
    const stacks = readdirSync(join(out, "stacks")).sort();
    expect(stacks).toEqual(expect.arrayContaining(["realm-us2", "realm-us3", "realm-us3-gcp", "realm-eu1", "realm-eu2"]));
    const us2 = JSON.parse(readFileSync(join(out, "stacks", "realm-us2", "cdk.tf.json"), "utf8"));
    expect(us2.terraform.backend).toEqual({ local: { path: "terraform.realm-us2.tfstate" } });
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks["realm-us2"]).toBeDefined();
    expect(readdirSync(work)).toEqual(["out"]); // no staging folder left behind
  });

  it("finishes quietly when its reader closes the pipe early (`realmkit synth | true`)", () => {
    const out = join(work, "out");
    const cli = `"${process.execPath}" -r @swc-node/register "${join(REPO_ROOT, "bin", "realmkit.ts")}"`;
    const shell = spawnSync("sh", ["-c", `${cli} synth --backend local --out "${out}" | true`], {
      cwd: REPO_ROOT,
      env: { ...process.env, REALMKIT_REALMS: FIXTURE_REALMS },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(shell.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(existsSync(join(out, "stacks", "realm-us2", "cdk.tf.json"))).toBe(true);
  });

  it("leaves an existing output untouched when the inventory is invalid", () => {
    const out = join(work, "out");
    realmkit(["synth", "--backend", "local", "--out", out]);
    writeFileSync(join(out, "marker"), "previous");
    const broken = tempInventory({ "_defaults.yaml": MINIMAL_DEFAULTS, "r1.yaml": `realm: r1\n${awsCloud("mars-1")}` });
    try {
      const { code, stderr } = realmkit(["synth", "--realms", broken, "--out", out]);
      expect(code).toBe(1);
      expect(stderr).toContain("RK-CONFIG-UNKNOWN-REGION");
      expect(readFileSync(join(out, "marker"), "utf8")).toBe("previous");
      expect(existsSync(join(out, "stacks", "realm-us2", "cdk.tf.json"))).toBe(true);
    } finally {
      removeInventory(broken);
    }
  });

  it("rejects an unknown backend mode", () => {
    const { code, stderr } = realmkit(["synth", "--backend", "s3", "--out", join(work, "out")]);
    expect(code).toBe(1);
    expect(stderr).toContain("RK-CLI-BAD-OPTION");
    expect(existsSync(join(work, "out"))).toBe(false);
  });
});
