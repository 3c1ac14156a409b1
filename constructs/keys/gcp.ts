import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import type { ITerraformDependable } from "../../lib/cdktf";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { gcpLabels, type GcpScopeProps } from "../gcp-scope";
import { keyPeriods, type KeysProps } from "./index";

/**
 * Google-managed service agents that encrypt realm data with the realm key, and the domain of
 * each agent's identity `service-<project number>@<domain>` (documented per product under
 * "Customer-managed encryption keys"). The addresses are built from the project number rather
 * than read from data sources, so nothing calls a Google API at plan time.
 */
export const GCP_SERVICE_AGENT_DOMAINS = {
  /** Cloud SQL instances and their backups. */
  cloudsql: "gcp-sa-cloud-sql.iam.gserviceaccount.com",
  /** Cloud Storage default bucket encryption. */
  storage: "gs-project-accounts.iam.gserviceaccount.com",
  /** GKE application-layer secrets encryption (etcd). */
  container: "container-engine-robot.iam.gserviceaccount.com",
  /** Compute Engine persistent disks: GKE node boot disks. */
  compute: "compute-system.iam.gserviceaccount.com",
  /** Secret Manager secret payloads. */
  secretmanager: "gcp-sa-secretmanager.iam.gserviceaccount.com",
} as const;

export type GcpServiceAgent = keyof typeof GCP_SERVICE_AGENT_DOMAINS;

/** The identity of a Google service agent in a project. */
export function gcpServiceAgentEmail(agent: GcpServiceAgent, projectNumber: string): string {
  return `service-${projectNumber}@${GCP_SERVICE_AGENT_DOMAINS[agent]}`;
}

export interface GcpKeysProps extends KeysProps, GcpScopeProps {
  /** Project number (digits); the service-agent identities derive from it. */
  readonly projectNumber: string;
  /**
   * Service agents allowed to encrypt and decrypt with the key: exactly those of the components
   * in the stack. An agent that does not exist yet makes the grant fail, so none is granted
   * by default. See the README for creating the Cloud SQL and Secret Manager agents.
   * @default []
   */
  readonly serviceAgents?: readonly GcpServiceAgent[];
}

// Cloud KMS accepts rotation periods from one day; Realmkit's policy caps them at 90 days.
const ROTATION_RANGE = [1, 90] as const;
// Cloud KMS keeps a destroyed key version restorable for 1 to 120 days.
const DESTROY_RANGE = [1, 120] as const;
const DAY_SECONDS = 86_400;

/**
 * The realm's customer-managed Cloud KMS key: a regional key ring and one symmetric key that
 * encrypts the database, buckets, secrets, cluster secrets and node disks, rotated
 * automatically, never destroyed by Terraform, and usable only by the service agents named.
 */
export class GcpKeys extends Construct {
  readonly keyId: string;
  readonly keyRingId: string;
  private readonly grants = new Map<GcpServiceAgent, KmsCryptoKeyIamMember>();

  constructor(scope: Construct, id: string, props: GcpKeysProps) {
    super(scope, id);
    const { rotationDays, deletionWindowDays } = keyPeriods(
      props,
      { rotationDays: ROTATION_RANGE, deletionWindowDays: DESTROY_RANGE },
      { code: "RK-GCP-KEYS-INVALID", cloud: "GCP" },
    );
    checkProjectNumber(props);

    // Key rings cannot be deleted in GCP: a destroy only forgets it and a re-create then fails.
    const ring = new KmsKeyRing(this, "ring", {
      name: resourceName("gcp", "default", props.realm, "keys"),
      location: props.region,
      project: props.project,
      lifecycle: { preventDestroy: true },
    });

    const key = new KmsCryptoKey(this, "key", {
      name: resourceName("gcp", "default", props.realm, "key"),
      keyRing: ring.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: `${rotationDays * DAY_SECONDS}s`,
      destroyScheduledDuration: `${deletionWindowDays * DAY_SECONDS}s`,
      versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
      labels: gcpLabels(props.labels),
      // Losing the key makes every encrypted backup, bucket object and secret of the realm unreadable.
      lifecycle: { preventDestroy: true },
    });

    for (const agent of new Set(props.serviceAgents ?? [])) {
      this.grants.set(
        agent,
        new KmsCryptoKeyIamMember(this, `grant-${agent}`, {
          cryptoKeyId: key.id,
          role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
          member: `serviceAccount:${gcpServiceAgentEmail(agent, props.projectNumber)}`,
        }),
      );
    }

    this.keyId = key.id;
    this.keyRingId = ring.id;
  }

  /** The grants of `agents`, for resources that must wait for them; every agent must have been granted. */
  grantsFor(...agents: GcpServiceAgent[]): ITerraformDependable[] {
    return agents.map((agent) => {
      const grant = this.grants.get(agent);
      if (!grant) {
        throw new RealmkitError("RK-GCP-KEYS-NOT-GRANTED", `the ${agent} service agent has no grant on the realm key`, {
          value: agent,
          fix: `add "${agent}" to the serviceAgents of GcpKeys`,
        });
      }
      return grant;
    });
  }
}

function checkProjectNumber(props: GcpKeysProps): void {
  if (/^[1-9]\d{5,19}$/.test(props.projectNumber)) return;
  throw new RealmkitError("RK-GCP-KEYS-INVALID", `projectNumber must be the project's number (digits), got "${props.projectNumber}"`, {
    realm: props.realm,
    value: props.projectNumber,
    fix: "copy it from `gcloud projects describe <project> --format='value(projectNumber)'`",
  });
}
