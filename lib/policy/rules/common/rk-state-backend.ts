import { defineStackRule, failIfAny, notApplicable, pass, type AddressedResult } from "../../types";
import { isFalse, isSet, isTrue } from "../../view/values";

function judge(type: string, config: Record<string, unknown>): AddressedResult {
  const address = `terraform.backend.${type}`;
  switch (type) {
    case "s3":
      return {
        address,
        ...failIfAny([
          ...(isTrue(config.encrypt) ? [] : ["`encrypt` is not true"]),
          ...(isTrue(config.use_lockfile)
            ? []
            : [
                isSet(config.dynamodb_table)
                  ? "locks with DynamoDB (deprecated): set `use_lockfile = true`"
                  : "`use_lockfile` is not true: concurrent runs can corrupt state",
              ]),
          ...(isFalse(config.skip_s3_checksum) || config.skip_s3_checksum === undefined
            ? []
            : ["`skip_s3_checksum` turns off integrity checks"]),
        ]),
      };
    case "gcs":
      // GCS encrypts at rest and locks natively; the bucket's versioning lives outside this stack.
      return { address, ...failIfAny(isSet(config.bucket) ? [] : ["no `bucket`"]) };
    case "azurerm":
      return {
        address,
        ...failIfAny([
          ...(isTrue(config.use_azuread_auth) ? [] : ["`use_azuread_auth` is not true: state would be read with storage account keys"]),
          ...(isSet(config.access_key) || isSet(config.sas_token) ? ["a storage `access_key`/`sas_token` is configured"] : []),
        ]),
      };
    case "local":
      return { address, ...notApplicable("local state: for tests and offline previews only (`--backend local`)") };
    case "cloud":
    case "remote":
      return { address, ...pass("HCP Terraform encrypts, versions and locks state") };
    default:
      return { address, ...failIfAny([`backend \`${type}\` is not one Realmkit hardens (s3, gcs, azurerm)`]) };
  }
}

export default defineStackRule({
  id: "RK-STATE-BACKEND",
  title: "The state backend is encrypted, locked and uses identity-based access",
  description:
    "Terraform state holds every attribute of every resource. S3: `encrypt` and `use_lockfile`; GCS: a bucket (encrypted and locked natively); azurerm: `use_azuread_auth` and no account keys. Local state is for tests and previews.",
  severity: "high",
  provider: "any",
  reads: "`terraform.backend`",
  publicIds: {},
  fix: "configure the realm's `state.<provider>` (realms/_defaults.yaml) and synthesize with --backend remote; S3 needs `encrypt = true` and `use_lockfile = true`, azurerm `use_azuread_auth = true`",
  check(stack) {
    if (!stack.backendRecorded)
      return [{ address: "terraform.backend", ...notApplicable("plan JSON does not record the backend; check the cdk.tf.json") }];
    if (!stack.backend)
      return [
        { address: "terraform.backend", ...notApplicable("no backend configured: Terraform keeps local state (tests and previews only)") },
      ];
    return [judge(stack.backend.type, stack.backend.config as Record<string, unknown>)];
  },
});
