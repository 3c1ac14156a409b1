import { RealmkitError, RealmkitErrors } from "../config/errors";
import type { Provider } from "../config/types";
import type { Inventory } from "../model/inventory";
import type { CloudTarget, RealmModel } from "../model/realm-model";

/**
 * One stack as a GitHub Actions matrix entry: everything a job needs to get cloud credentials
 * by OIDC and to plan or apply that stack. Shared by `realmkit changed --json` (plan matrix)
 * and the generated deploy jobs, so both always agree.
 */
export interface StackMatrixEntry {
  readonly realm: string;
  readonly stack: string;
  readonly provider: Provider;
  readonly region: string;
  /** AWS account / GCP project / Azure subscription. */
  readonly account: string;
  readonly wave: number;
  /**
   * The identity this job may use: `clouds[].planIdentity` for plan, verify and drift jobs,
   * `clouds[].deployIdentity` only for apply jobs. AWS role ARN, GCP service account e-mail
   * or Azure client id.
   */
  readonly identity: string;
  /** GCP workload identity provider; empty for other clouds. */
  readonly workloadIdentityProvider: string;
  /** Azure tenant id; empty for other clouds. */
  readonly tenant: string;
}

/** What a job does with the cloud: only apply jobs get the deploy identity. */
export type IdentityPurpose = "plan" | "deploy";

export function matrixEntry(realm: RealmModel, target: CloudTarget, purpose: IdentityPurpose = "plan"): StackMatrixEntry {
  return {
    realm: realm.id,
    stack: target.stackId,
    provider: target.provider,
    region: target.region,
    account: target.account,
    wave: realm.config.wave,
    identity: (purpose === "deploy" ? target.cloud.deployIdentity : target.cloud.planIdentity) ?? "",
    workloadIdentityProvider: target.cloud.workloadIdentityProvider ?? "",
    tenant: target.cloud.tenant ?? "",
  };
}

/** What OIDC needs per provider: a read-only plan identity, a deploy identity, and per cloud the rest. */
const REQUIRED: Readonly<Record<Provider, readonly ("deployIdentity" | "planIdentity" | "workloadIdentityProvider" | "tenant")[]>> = {
  aws: ["planIdentity", "deployIdentity"],
  gcp: ["planIdentity", "deployIdentity", "workloadIdentityProvider"],
  azure: ["planIdentity", "deployIdentity", "tenant"],
};

const MEANING: Readonly<Record<Provider, string>> = {
  aws: "the IAM role ARNs CI assumes through OIDC (planIdentity read-only, deployIdentity for applies; see docs/identities.md)",
  gcp: "the service account e-mails CI impersonates (planIdentity read-only, deployIdentity for applies), and `workloadIdentityProvider` (projects/<n>/locations/global/workloadIdentityPools/<pool>/providers/<provider>)",
  azure:
    "the client ids of the app registrations with federated credentials for this repository (planIdentity read-only, deployIdentity for applies), and `tenant`",
};

/** Every cloud entry must say which identities CI plans and deploys with; all gaps are reported at once. */
export function checkDeployIdentities(inventory: Inventory): void {
  const errors: RealmkitError[] = [];
  for (const realm of inventory.realms) {
    realm.config.clouds.forEach((cloud, i) => {
      const missing = REQUIRED[cloud.provider].filter((k) => !cloud[k]);
      if (missing.length === 0) return;
      const location = realm.resolved.provenance.get(`/clouds/${i}`) ?? realm.resolved.provenance.get("/clouds");
      errors.push(
        new RealmkitError(
          "RK-PIPELINE-NO-IDENTITY",
          `realm ${realm.id}: clouds[${i}] (${cloud.provider}) has no ${missing.join(" / ")}, so CI cannot get credentials for ${realm.targets[i]?.stackId ?? cloud.provider}`,
          {
            location,
            realm: realm.id,
            value: cloud,
            fix: `add ${missing.map((m) => `\`${m}\``).join(" and ")} to clouds[${i}]: ${MEANING[cloud.provider]}`,
          },
        ),
      );
    });
  }
  if (errors.length > 0) throw new RealmkitErrors(errors);
}
