import type { Provider } from "../../config/types";
import { awsProfile } from "./aws";
import { azureProfile } from "./azure";
import { gcpProfile } from "./gcp";
import type { ProviderProfile } from "./types";

export type { NameRule, NetworkLayout, ProviderProfile, RegionInfo } from "./types";

export const profiles: Readonly<Record<Provider, ProviderProfile>> = {
  aws: awsProfile,
  gcp: gcpProfile,
  azure: azureProfile,
};

export function profileOf(provider: Provider): ProviderProfile {
  return profiles[provider];
}
