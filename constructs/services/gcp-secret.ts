import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { Construct } from "constructs";
import { gcpLabels, type GcpKeyRef, type GcpScopeProps } from "../gcp-scope";

export interface GcpSecretProps extends GcpScopeProps, GcpKeyRef {
  /** Secret id (from `resourceName`). */
  readonly secretId: string;
  /** What the secret holds and who sets its value (kept as an annotation). */
  readonly description: string;
  /** Refuse deletion through the API (the value set out of band would be lost). */
  readonly deletionProtection: boolean;
}

/**
 * A Secret Manager secret container without a version: the value is added out of band, so it
 * never appears in Terraform state or synthesized output. Its single replica lives in the
 * realm region (residency) and is encrypted with the realm key.
 */
export class GcpSecret extends Construct {
  readonly secretId: string;
  /** Full resource name `projects/<p>/secrets/<id>`. */
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: GcpSecretProps) {
    super(scope, id);
    const secret = new SecretManagerSecret(this, "secret", {
      project: props.project,
      secretId: props.secretId,
      annotations: { description: props.description },
      labels: gcpLabels(props.labels),
      replication: {
        userManaged: {
          replicas: [{ location: props.region, customerManagedEncryption: { kmsKeyName: props.keyId } }],
        },
      },
      deletionProtection: props.deletionProtection,
      dependsOn: [...(props.keyGrants ?? [])],
    });
    this.secretId = secret.secretId;
    this.secretName = secret.name;
  }
}
