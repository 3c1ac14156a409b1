// Each provider's kit (aws.ts, gcp.ts, azure.ts) loads its bindings: kitFor loads one on first use.
export { expandStateTemplate, stateKey, type BackendMode, type ProviderKit, type StackOptions } from "./kit";
export { kitFor } from "./kits";
export { componentProps, type ComponentPropsSet } from "./props";
export { RealmStack } from "./realm-stack";
export { addRealmStacks, stackFile, synthesize, type SynthesizedStack } from "./synth";
