import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { userErrors } from "../../lib/config/errors";
import { inspectInventory, loadInventory } from "../../lib/model/inventory";
import { FLEET_STACK_ID, synthesizeFleetStack } from "../../lib/stacks/fleet-observability";
import { checkStructure } from "../../lib/verify";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { FIXTURE_REALMS } from "../helpers/paths";

type Json = Record<string, any>;

const US2_OBSERVABILITY = "observability: { alertEmails: [ops-us@ibc.example.com] }";
const us2Line = (text: string) => text.split("\n").indexOf(US2_OBSERVABILITY) + 1;

const SAMPLE_DEFAULTS = readFileSync(join(FIXTURE_REALMS, "_defaults.yaml"), "utf8");
const SAMPLE_FLEET_STATE =
  "  fleetState:\n    aws: { bucket: ibc-tfstate-fleet, region: us-east-1, key: fleet/fleet-observability.tfstate }\n";

/** The sample inventory with `fleetState` replaced by `yaml` (indented under observability), and more files. */
function inventory(fleetState: string | undefined, files: Record<string, string> = {}): string {
  expect(SAMPLE_DEFAULTS).toContain(SAMPLE_FLEET_STATE);
  const defaults = SAMPLE_DEFAULTS.replace(SAMPLE_FLEET_STATE, fleetState === undefined ? "" : `  fleetState:\n${fleetState}`);
  return tempInventory({ "_defaults.yaml": defaults, ...files }, "samples");
}

function synth(dir: string, backend: "local" | "remote"): Json {
  const out = mkdtempSync(join(tmpdir(), "realmkit-fleet-backend-"));
  try {
    const fleet = synthesizeFleetStack(loadInventory(dir), out, { backend })!;
    expect(checkStructure(fleet.json, FLEET_STACK_ID)).toEqual([]);
    return JSON.parse(readFileSync(fleet.file, "utf8"));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** What the user sees of a synth that fails: code, message, fix and where. */
function synthError(dir: string): Json {
  try {
    synth(dir, "remote");
  } catch (err) {
    const [e] = userErrors(err) ?? [];
    if (!e) throw err;
    return {
      code: e.code,
      message: e.message,
      fix: e.fix,
      at: e.location && `${e.location.file.slice(dir.length + 1)}:${e.location.line}`,
    };
  }
  throw new Error("synth succeeded");
}

function validation(dir: string): Json[] {
  return inspectInventory(dir).errors.map((e) => ({
    code: e.code,
    realm: e.realm,
    message: e.message,
    at: e.location && `${e.location.file.slice(dir.length + 1)}:${e.location.line}:${e.location.col}`,
  }));
}

describe("the fleet-observability stack's state", () => {
  const dirs: string[] = [];
  const make = (fleetState: string | undefined, files?: Record<string, string>) => {
    const dir = inventory(fleetState, files);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach(removeInventory));

  test("the sample inventory keeps it in S3, encrypted and locked by an S3 lock file, as realm stacks", () => {
    expect(synth(FIXTURE_REALMS, "remote").terraform.backend).toEqual({
      s3: { bucket: "ibc-tfstate-fleet", region: "us-east-1", key: "fleet/fleet-observability.tfstate", encrypt: true, use_lockfile: true },
    });
  });

  test("--backend local still gives the state file beside the stack", () => {
    expect(synth(FIXTURE_REALMS, "local").terraform.backend).toEqual({ local: { path: "terraform.fleet-observability.tfstate" } });
  });

  test("S3 with the default key", () => {
    expect(synth(make("    aws: { bucket: tf-fleet, region: eu-central-1 }\n"), "remote").terraform.backend).toEqual({
      s3: { bucket: "tf-fleet", region: "eu-central-1", key: "fleet/fleet-observability.tfstate", encrypt: true, use_lockfile: true },
    });
  });

  test("GCS: one folder for the stack under the prefix (default fleet)", () => {
    expect(synth(make("    gcp: { bucket: ibc-tfstate-fleet }\n"), "remote").terraform.backend).toEqual({
      gcs: { bucket: "ibc-tfstate-fleet", prefix: "fleet/fleet-observability" },
    });
    expect(synth(make("    gcp: { bucket: ibc-tfstate-fleet, prefix: ops/state }\n"), "remote").terraform.backend).toEqual({
      gcs: { bucket: "ibc-tfstate-fleet", prefix: "ops/state/fleet-observability" },
    });
  });

  test("Azure: the blob in the named subscription, signed in with Entra ID", () => {
    const azure = `    azure:
      subscriptionId: 7d3c1a52-9e4b-4f6a-8c21-5b0e9f3d7a64
      tenantId: 0b7e4c21-3d59-4f8a-a1c6-94e2d7f05b3c
      resourceGroup: ibc-tfstate
      storageAccount: ibctfstatefleet
      container: tfstate
`;
    expect(synth(make(azure), "remote").terraform.backend).toEqual({
      azurerm: {
        subscription_id: "7d3c1a52-9e4b-4f6a-8c21-5b0e9f3d7a64",
        tenant_id: "0b7e4c21-3d59-4f8a-a1c6-94e2d7f05b3c",
        resource_group_name: "ibc-tfstate",
        storage_account_name: "ibctfstatefleet",
        container_name: "tfstate",
        key: "fleet/fleet-observability.tfstate",
        use_azuread_auth: true,
      },
    });
  });

  test("no setting: a remote synth says what to add, a local one needs none", () => {
    const dir = make(undefined);
    expect(validation(dir)).toEqual([]);
    expect(synth(dir, "local").terraform.backend.local).toBeDefined();
    expect(synthError(dir)).toMatchObject({
      code: "RK-CONFIG-NO-STATE",
      message: "no remote state settings for the fleet-observability stack",
      fix: expect.stringContaining("add `observability.fleetState` with one of aws (bucket, region), gcp (bucket) or azure"),
    });
  });

  test("a layer or realm file setting, changing or removing it is refused at its line, naming _defaults.yaml", () => {
    const staging = readFileSync(join(FIXTURE_REALMS, "_layers/staging.yaml"), "utf8");
    const us2 = readFileSync(join(FIXTURE_REALMS, "us2.yaml"), "utf8");
    const dir = make("    aws: { bucket: ibc-tfstate-fleet, region: us-east-1 }\n", {
      "_layers/staging.yaml": staging.replace(
        "observability:\n",
        "observability:\n  fleetState: { aws: { key: staging/fleet.tfstate } }\n",
      ),
      "us2.yaml": us2.replace(US2_OBSERVABILITY, "observability: { alertEmails: [ops-us@ibc.example.com], fleetState: null }"),
    });
    const errors = validation(dir);
    expect(errors).toEqual([
      {
        code: "RK-CONFIG-FLEET-STATE",
        realm: "stg1",
        message:
          "`observability.fleetState.aws.key` is set in staging.yaml; the fleet-observability stack has one state for the whole inventory, so only _defaults.yaml may set it",
        at: `_layers/staging.yaml:${staging.split("\n").indexOf("observability:") + 2}:24`, // the `key:` that sets it
      },
      {
        code: "RK-CONFIG-FLEET-STATE",
        realm: "us2",
        message:
          "`observability.fleetState` is removed in us2.yaml; the fleet-observability stack has one state for the whole inventory, so only _defaults.yaml may set it",
        at: `us2.yaml:${us2Line(us2)}:57`, // the `fleetState:` whose null removes it
      },
    ]);
  });

  test("realms that disagree (a file replaced `observability` whole) are refused at that file, by validate and by synth", () => {
    const us2 = readFileSync(join(FIXTURE_REALMS, "us2.yaml"), "utf8");
    const dir = make(SAMPLE_FLEET_STATE.slice("  fleetState:\n".length), {
      "us2.yaml": us2.replace(US2_OBSERVABILITY, "observability: !replace { alertEmails: [ops-us@ibc.example.com], aggregator: datadog }"),
    });
    const message =
      "realm us2 has no `observability.fleetState` while realm au1 has one; the fleet-observability stack has one state for the whole inventory";
    expect(validation(dir)).toEqual([{ code: "RK-CONFIG-FLEET-STATE", realm: "us2", message, at: `us2.yaml:${us2Line(us2)}:1` }]);
    // A stack built from realms that skipped validation stops the same way: the valid realms
    // plus us2 as its file would have it.
    const models = loadInventory(FIXTURE_REALMS).realms;
    const broken = inspectInventory(dir).inventory.realms;
    expect(broken.map((r) => r.id)).not.toContain("us2");
    const us2Model = { ...models.find((r) => r.id === "us2")! };
    const resolved = {
      ...us2Model.resolved,
      config: { ...us2Model.resolved.config, observability: { ...us2Model.resolved.config.observability!, fleetState: undefined } },
    };
    const out = mkdtempSync(join(tmpdir(), "realmkit-fleet-backend-"));
    try {
      expect(() =>
        synthesizeFleetStack({ dir, realms: [...broken, { ...us2Model, resolved } as typeof us2Model] }, out, { backend: "remote" }),
      ).toThrow(/realm us2 has no `observability.fleetState` while realm au1 has one/);
      expect(synthesizeFleetStack({ dir, realms: broken }, out, { backend: "remote" })).toBeDefined();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test("values are plain names: a Terraform expression, a placeholder or a path escape is refused by validation", () => {
    for (const [yaml, pointer] of [
      ['    aws: { bucket: "${var.bucket}", region: us-east-1 }\n', "observability.fleetState.aws.bucket"],
      ['    gcp: { bucket: "ibc-tfstate-{realm}" }\n', "observability.fleetState.gcp.bucket"],
      ["    aws: { bucket: tf-fleet, region: us-east-1, key: ../other/state }\n", "observability.fleetState.aws.key"],
      ["    aws: { bucket: tf-fleet, region: us-east-1 }\n    gcp: { bucket: tf-fleet }\n", "observability.fleetState"],
    ] as const) {
      const errors = validation(make(yaml));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.map((e) => [e.code, e.message.includes(pointer) || e.message])).toContainEqual([
        expect.stringMatching(/^RK-CONFIG-/),
        true,
      ]);
      expect(errors.map((e) => e.at)).toEqual(errors.map(() => expect.stringMatching(/^_defaults\.yaml:\d+:\d+$/)));
    }
  });
});
