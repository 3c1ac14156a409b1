import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "constructs";

/** Project roles Datadog's GCP integration reads with (Datadog's STS setup). */
export const DATADOG_GCP_ROLES = ["roles/browser", "roles/cloudasset.viewer", "roles/compute.viewer", "roles/monitoring.viewer"] as const;

export interface GcpAggregatorAccessProps {
  readonly project: string;
  readonly realm: string;
  /** Service account id (`<id>@<project>.iam.gserviceaccount.com`), which the fleet stack names. */
  readonly accountId: string;
  /**
   * Datadog's STS delegate of the organisation (`observability.datadog.gcpDelegate`): allowed
   * to mint tokens for the account. @default none: the account exists, Datadog cannot use it yet
   */
  readonly delegate?: string;
}

/** The service account Datadog impersonates in the realm's project, with read-only roles. */
export class GcpAggregatorAccess extends Construct {
  readonly email: string;

  constructor(scope: Construct, id: string, props: GcpAggregatorAccessProps) {
    super(scope, id);
    const account = new ServiceAccount(this, "account", {
      project: props.project,
      accountId: props.accountId,
      displayName: `Datadog for realm ${props.realm}`,
      description: "Realmkit fleet-observability: Datadog reads metrics and resource metadata with it",
    });
    for (const role of DATADOG_GCP_ROLES) {
      new ProjectIamMember(this, `role-${role.replace(/^roles\//, "").replace(/\./g, "-")}`, {
        project: props.project,
        role,
        member: account.member,
      });
    }
    if (props.delegate) {
      new ServiceAccountIamMember(this, "delegate", {
        serviceAccountId: account.name,
        role: "roles/iam.serviceAccountTokenCreator",
        member: `serviceAccount:${props.delegate}`,
      });
    }
    this.email = account.email;
  }
}
