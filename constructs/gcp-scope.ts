import type { ITerraformDependable } from "../lib/cdktf";

/** Where a GCP component lives and what it carries; every GCP construct takes these. */
export interface GcpScopeProps {
  /** Project id every resource is created in (the cloud entry's `account`). */
  readonly project: string;
  /** Region of the stack: subnets, Cloud SQL, GKE, key ring, buckets and secret replicas stay in it. */
  readonly region: string;
  /**
   * Realm labels (`realmTags` normalised by the gcp profile). Set on every resource that takes
   * labels, even though the provider's `default_labels` adds them too: policy checks read the
   * synthesized resource, and a construct used outside a Realmkit stack still carries them.
   */
  readonly labels: Readonly<Record<string, string>>;
}

/** What a component needs to encrypt with the realm key. */
export interface GcpKeyRef {
  /** Crypto key id: `projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>`. */
  readonly keyId: string;
  /**
   * The IAM grants that let this component's Google service agents use the key. Resources
   * encrypted with the key wait for them: creating them first fails with a permission error.
   * @default []
   */
  readonly keyGrants?: readonly ITerraformDependable[];
}

/** Copies labels into the mutable map the provider bindings expect. */
export function gcpLabels(labels: Readonly<Record<string, string>>, extra: Record<string, string> = {}): Record<string, string> {
  return { ...labels, ...extra };
}
