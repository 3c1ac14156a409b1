import { RealmkitError } from "../config/errors";
import type { Provider } from "../config/types";
import type { ProviderKit } from "./kit";

/**
 * Each kit loads its provider's bindings (several MB of JavaScript) on first use, so an
 * inventory on one cloud does not pay for compiling the other two (about 0.1 s a synth).
 */
const loaders: Partial<Record<Provider, () => ProviderKit>> = {
  aws: () => (require("./aws") as typeof import("./aws")).awsKit,
  gcp: () => (require("./gcp") as typeof import("./gcp")).gcpKit,
  azure: () => (require("./azure") as typeof import("./azure")).azureKit,
};

export function kitFor(provider: Provider): ProviderKit {
  const load = loaders[provider];
  if (!load) {
    throw new RealmkitError("RK-STACK-UNSUPPORTED-PROVIDER", `no stack kit for provider \`${provider}\``, {
      fix: "use a provider Realmkit supports: aws, gcp, azure",
    });
  }
  return load();
}
