export { awsKit } from "./aws";
export { azureKit } from "./azure";
export { gcpKit } from "./gcp";
export { expandStateTemplate, stateKey, type BackendMode, type ProviderKit, type StackOptions } from "./kit";
export { kitFor } from "./kits";
export { componentProps, type ComponentPropsSet } from "./props";
export { RealmStack } from "./realm-stack";
export { addRealmStacks, stackFile, synthesize, type SynthesizedStack } from "./synth";
