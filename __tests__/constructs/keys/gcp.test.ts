import { TerraformOutput } from "../../../lib/cdktf";
import { GCP_SERVICE_AGENT_DOMAINS, GcpKeys, gcpServiceAgentEmail, type GcpKeysProps } from "../../../constructs/keys/gcp";
import type { RealmkitError } from "../../../lib/config/errors";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { addressOf, expectLabeledEverywhere, PROJECT_NUMBER, REGION, SCOPE } from "../gcp-sample";

const prod: GcpKeysProps = {
  ...SCOPE,
  realm: "eu1",
  tier: "prod",
  projectNumber: PROJECT_NUMBER,
  serviceAgents: ["cloudsql", "storage", "container", "compute", "secretmanager"],
};
const synth = (props: GcpKeysProps): TfJson => synthConstruct((scope) => new GcpKeys(scope, "keys", props));
const thrown = (props: GcpKeysProps): RealmkitError => {
  try {
    synth(props);
  } catch (err) {
    return err as RealmkitError;
  }
  throw new Error("expected an error");
};

describe("GcpKeys", () => {
  const json = synth(prod);
  const key = onlyResource(json, "google_kms_crypto_key");
  const ring = onlyResource(json, "google_kms_key_ring");
  const keyRef = `\${${addressOf(json, "google_kms_crypto_key")}.id}`;

  it("puts a regional key ring in the realm region and project", () => {
    expect(ring).toMatchObject({ name: "ibc-eu1-keys", location: REGION, project: "ibc-eu1-prod" });
  });

  it("creates one symmetric software key in that ring", () => {
    expect(key).toMatchObject({
      name: "ibc-eu1-key",
      key_ring: `\${${addressOf(json, "google_kms_key_ring")}.id}`,
      purpose: "ENCRYPT_DECRYPT",
      version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "SOFTWARE" },
    });
  });

  it("rotates every 90 days and keeps destroyed versions restorable for 30 days by default", () => {
    expect(key.rotation_period).toBe("7776000s");
    expect(key.destroy_scheduled_duration).toBe("2592000s");
  });

  it("honours shorter rotation and other destroy windows", () => {
    const custom = onlyResource(synth({ ...prod, rotationDays: 30, deletionWindowDays: 7 }), "google_kms_crypto_key");
    expect(custom.rotation_period).toBe("2592000s");
    expect(custom.destroy_scheduled_duration).toBe("604800s");
  });

  it("never lets Terraform destroy the key or the ring, whatever the tier", () => {
    const dev = synth({ ...prod, tier: "dev", realm: "dev1" });
    expect(onlyResource(dev, "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(dev, "google_kms_key_ring").lifecycle).toEqual({ prevent_destroy: true });
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("grants encrypt/decrypt on the key, and only on the key, to each named service agent", () => {
    const grants = Object.values(resourcesOf(json, "google_kms_crypto_key_iam_member"));
    expect(grants.map((g) => g.member).sort()).toEqual([
      `serviceAccount:service-${PROJECT_NUMBER}@compute-system.iam.gserviceaccount.com`,
      `serviceAccount:service-${PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com`,
      `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
      `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-secretmanager.iam.gserviceaccount.com`,
      `serviceAccount:service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`,
    ]);
    for (const grant of grants) {
      expect(grant).toMatchObject({ crypto_key_id: keyRef, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter" });
    }
    expect(resourcesOf(json, "google_kms_key_ring_iam_member")).toEqual({});
    expect(resourcesOf(json, "google_kms_crypto_key_iam_binding")).toEqual({});
  });

  it("grants nobody by default and each agent once when listed twice", () => {
    expect(resourcesOf(synth({ ...prod, serviceAgents: undefined }), "google_kms_crypto_key_iam_member")).toEqual({});
    expect(
      Object.keys(resourcesOf(synth({ ...prod, serviceAgents: ["storage", "storage"] }), "google_kms_crypto_key_iam_member")),
    ).toHaveLength(1);
  });

  it("builds service agent identities from the project number, with no data source", () => {
    expect(gcpServiceAgentEmail("cloudsql", "123456789012")).toBe("service-123456789012@gcp-sa-cloud-sql.iam.gserviceaccount.com");
    expect(Object.keys(GCP_SERVICE_AGENT_DOMAINS).sort()).toEqual(["cloudsql", "compute", "container", "secretmanager", "storage"]);
    expect(json.data).toBeUndefined();
  });

  it("exposes the key id and hands out grants for dependants", () => {
    let exposed!: { keyId: string; grants: number };
    const out = synthConstruct((scope) => {
      const keys = new GcpKeys(scope, "keys", prod);
      exposed = { keyId: keys.keyId, grants: keys.grantsFor("cloudsql", "storage").length };
      new TerraformOutput(scope, "key", { value: keys.keyId });
    });
    expect(out.output!.key!.value).toBe(`\${${addressOf(out, "google_kms_crypto_key")}.id}`);
    expect(exposed.grants).toBe(2);
  });

  it("refuses to hand out a grant for an agent that was not granted", () => {
    expect(() =>
      synthConstruct((scope) => {
        new GcpKeys(scope, "keys", { ...prod, serviceAgents: ["storage"] }).grantsFor("cloudsql");
      }),
    ).toThrow(expect.objectContaining({ code: "RK-GCP-KEYS-NOT-GRANTED", fix: 'add "cloudsql" to the serviceAgents of GcpKeys' }));
  });

  it("labels the key", () => {
    expectLabeledEverywhere(json);
  });

  it.each([
    ["rotation above 90 days", { rotationDays: 91 }, "rotationDays", 91],
    ["rotation of zero days", { rotationDays: 0 }, "rotationDays", 0],
    ["a fractional rotation", { rotationDays: 1.5 }, "rotationDays", 1.5],
    ["a destroy window of zero days", { deletionWindowDays: 0 }, "deletionWindowDays", 0],
    ["a destroy window above 120 days", { deletionWindowDays: 121 }, "deletionWindowDays", 121],
  ])("rejects %s", (_, change, field, value) => {
    const err = thrown({ ...prod, ...change });
    expect(err.code).toBe("RK-GCP-KEYS-INVALID");
    expect(err.message).toMatch(new RegExp(`^${field} `));
    expect(err.value).toBe(value);
    expect(err.realm).toBe("eu1");
  });

  it("rejects a project id where the project number belongs", () => {
    const err = thrown({ ...prod, projectNumber: "ibc-eu1-prod" });
    expect(err.code).toBe("RK-GCP-KEYS-INVALID");
    expect(err.fix).toContain("gcloud projects describe");
  });
});
