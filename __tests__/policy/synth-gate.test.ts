import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateInventory } from "../../bench/inventory";
import { realmkit } from "../helpers/cli";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { REPO_ROOT, FIXTURE_REALMS } from "../helpers/synth";
import { writeMarker } from "../../lib/output/marker";

const us2Only = () =>
  tempInventory({
    "_defaults.yaml": readFileSync(join(FIXTURE_REALMS, "_defaults.yaml"), "utf8"),
    "_layers/prod.yaml": readFileSync(join(FIXTURE_REALMS, "_layers", "prod.yaml"), "utf8"),
    "us2.yaml": readFileSync(join(FIXTURE_REALMS, "us2.yaml"), "utf8"),
  });

describe("guardrails on every synth", () => {
  let realms: string;
  beforeAll(() => {
    realms = us2Only();
  });
  afterAll(() => removeInventory(realms));

  const app = (override: boolean) => {
    const outdir = mkdtempSync(join(tmpdir(), "realmkit-app-out-"));
    const r = spawnSync(process.execPath, ["-r", "@swc-node/register", join(__dirname, "fixtures", "escape-hatch-app.ts")], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        REALMKIT_REALMS: realms,
        REALMKIT_BACKEND: "local",
        CDKTF_OUTDIR: outdir,
        REALMKIT_TEST_OVERRIDE: override ? "1" : "0",
      },
      encoding: "utf8",
      timeout: 120_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, outdir };
  };

  test("the cdktf app passes the us2 realm as built", () => {
    const { code, stdout } = app(false);
    expect(stdout).toMatch(/^guardrails: 0 violations \(0 failed, 0 rule errors\), 0 suppressed; 1 stack, \d+ checks/m);
    expect(code).toBe(0);
  });

  test("an escape-hatch override that turns RDS encryption off fails the synth with exit 1 and the table", () => {
    const { code, stderr, outdir } = app(true);
    expect(code).toBe(1);
    const json = JSON.parse(readFileSync(join(outdir, "stacks", "realm-us2", "cdk.tf.json"), "utf8"));
    const [address] = Object.keys(json.resource.aws_db_instance).map((n) => `aws_db_instance.${n}`);
    expect(stderr).toMatch(
      new RegExp(`FAIL\\s+us2\\s+realm-us2\\s+RK-AWS-DB-ENCRYPTED\\s+${address!.replace(/\./g, "\\.")}\\s+\`storage_encrypted\` is false`),
    );
    expect(stderr).toContain("fix: set `storage_encrypted = true`");
    expect(stderr).toMatch(/^1 violation \(1 failed, 0 rule errors\)/m);
  });

  test("realmkit synth keeps the previous output when a realm violates its policies (an expired suppression)", () => {
    const expired = tempInventory({
      "_defaults.yaml": readFileSync(join(FIXTURE_REALMS, "_defaults.yaml"), "utf8"),
      "_layers/prod.yaml": readFileSync(join(FIXTURE_REALMS, "_layers", "prod.yaml"), "utf8"),
      "us2.yaml": `${readFileSync(join(FIXTURE_REALMS, "us2.yaml"), "utf8")}suppressions:\n  - rule: RK-AWS-DB-MULTI-AZ\n    reason: single-AZ during the storage migration\n    approvedBy: cso@ibc.example.com\n    expires: "2024-03-31"\n`,
    });
    try {
      const out = join(mkdtempSync(join(tmpdir(), "realmkit-synth-")), "cdktf.out");
      mkdirSync(out, { recursive: true });
      writeMarker(out, "synth"); // a previous output of Realmkit's: only such a folder is replaced
      writeFileSync(join(out, "previous.txt"), "the last good synth");
      const failed = realmkit(["synth", "--realms", expired, "--out", out, "--backend", "local"]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(
        /FAIL\s+us2\s+realm-us2\s+RK-SUPPRESSION-EXPIRED\s+suppressions\[0\]\s+suppression of RK-AWS-DB-MULTI-AZ \(approved by cso@ibc\.example\.com\) expired on 2024-03-31 \(.*us2\.yaml:\d+:5\)/,
      );
      expect(failed.stderr).toContain(`${out} was left unchanged`);
      expect(readFileSync(join(out, "previous.txt"), "utf8")).toBe("the last good synth");
      expect(existsSync(join(out, "stacks"))).toBe(false);

      const ok = realmkit(["synth", "--realms", realms, "--out", out, "--backend", "local"]);
      expect(ok.code).toBe(0);
      expect(existsSync(join(out, "stacks", "realm-us2", "cdk.tf.json"))).toBe(true);
      expect(existsSync(join(out, "previous.txt"))).toBe(false);
    } finally {
      removeInventory(expired);
    }
  });

  test("a violation in the first batch of a large inventory still closes the gate at the end", () => {
    const large = generateInventory(FIXTURE_REALMS, 30); // two cdktf App batches, checked one by one
    try {
      const first = join(large, "b0.yaml");
      writeFileSync(
        first,
        `${readFileSync(first, "utf8")}suppressions:\n  - rule: RK-AWS-DB-MULTI-AZ\n    reason: single-AZ during a migration\n    approvedBy: cso@ibc.example.com\n    expires: "2024-03-31"\n`,
      );
      const out = join(mkdtempSync(join(tmpdir(), "realmkit-synth-")), "cdktf.out");
      const failed = realmkit(["synth", "--realms", large, "--out", out, "--backend", "local"]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/FAIL\s+b0\s+realm-b0\S*\s+RK-SUPPRESSION-EXPIRED/);
      expect(failed.stderr).toMatch(/^1 violation \(1 failed, 0 rule errors\)/m);
      expect(existsSync(out)).toBe(false);
    } finally {
      removeInventory(large);
    }
  });
});
