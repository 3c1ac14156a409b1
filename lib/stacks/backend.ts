import { LocalBackend, type TerraformStack } from "../cdktf";
import { RealmkitError } from "../config/errors";
import type { Provider, StateConfig } from "../config/types";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import type { StackOptions } from "./kit";

/** What `state.<provider>` holds for each cloud, for the fix of a missing one. */
const STATE_FIELDS: Readonly<Record<Provider, string>> = {
  aws: "bucket, region",
  gcp: "bucket, prefix",
  azure: "resourceGroup, storageAccount, container",
};

/**
 * The backend of a realm stack, chosen the same way on every cloud: with `--backend local` a
 * state file beside the stack, named for it; otherwise the cloud's own remote store, which
 * `remote` builds from the realm's `state.<provider>` settings. A realm without them is a user
 * error (validation reports it first; this guards the constructs used on their own).
 */
export function configureBackend<P extends Provider>(
  provider: P,
  stack: TerraformStack,
  realm: RealmModel,
  target: CloudTarget,
  options: StackOptions,
  remote: (state: NonNullable<StateConfig[P]>) => void,
): void {
  if (options.backend === "local") {
    new LocalBackend(stack, { path: `terraform.${target.stackId}.tfstate` });
    return;
  }
  const state = realm.config.state?.[provider] as StateConfig[P] | undefined;
  if (!state) {
    throw new RealmkitError("RK-CONFIG-NO-STATE", `no remote state settings for ${provider} in realm ${realm.id}`, {
      realm: realm.id,
      fix: `add \`state.${provider}\` (${STATE_FIELDS[provider]}) to realms/_defaults.yaml, or synthesize with the local backend`,
    });
  }
  remote(state as NonNullable<StateConfig[P]>);
}
