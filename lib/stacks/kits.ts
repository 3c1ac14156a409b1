import { RealmkitError } from "../config/errors";
import type { Provider } from "../config/types";
import { awsKit } from "./aws";
import { azureKit } from "./azure";
import { gcpKit } from "./gcp";
import type { ProviderKit } from "./kit";

const kits: Partial<Record<Provider, ProviderKit>> = {
  aws: awsKit,
  gcp: gcpKit,
  azure: azureKit,
};

export function kitFor(provider: Provider): ProviderKit {
  const kit = kits[provider];
  if (!kit) {
    throw new RealmkitError("RK-STACK-UNSUPPORTED-PROVIDER", `no stack kit for provider \`${provider}\``, {
      fix: "use a provider Realmkit supports: aws, gcp, azure",
    });
  }
  return kit;
}
