import type { RealmScopeProps } from "../common";

/** A Kubernetes service account, as each cloud's workload identity federates it. */
export interface WorkloadServiceAccount {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The realm's runtime configuration in its cloud's native store, readable by the
 * application's workload identity, which this construct creates and federates to the
 * cluster's service account.
 */
export interface RuntimeConfigProps extends RealmScopeProps {
  /**
   * The document as JSON text. It may carry Terraform references (a database endpoint, a
   * bucket name) that resolve at apply; it never carries a secret value, only references.
   */
  readonly document: string;
  /** The store key (see `runtimeConfigKey`). */
  readonly storeKey: string;
  /** The service account the application runs as. */
  readonly serviceAccount: WorkloadServiceAccount;
}

/** `system:serviceaccount:<namespace>:<name>`: the subject of a cluster's service-account tokens. */
export function serviceAccountSubject(account: WorkloadServiceAccount): string {
  return `system:serviceaccount:${account.namespace}:${account.name}`;
}
