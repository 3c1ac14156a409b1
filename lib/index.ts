/** Realmkit's library: configuration, the realm model, stacks, checks, terraform and rollout. */
export * from "./config/errors";
export { explain, type ExplainedValue } from "./config/explain";
export { loadRealms, realmFiles, type LoadResult, type ResolvedRealm } from "./config/load";
export { realmSchema } from "./config/schema";
export * from "./config/types";
export { inspectInventory, loadInventory, type Inventory, type InventoryResult } from "./model/inventory";
export { resourceName } from "./model/naming";
export { profiles, profileOf, type ProviderProfile } from "./model/providers";
export { allowedRegions, regionAllowed, residencyZones } from "./model/residency";
export { buildModel, stackIdFor, type CloudTarget, type RealmModel } from "./model/realm-model";
export { MANDATORY_TAGS, realmTags } from "./model/tags";
export * from "./stacks";
export * as policy from "./policy";
export * as verify from "./verify";
export * as terraform from "./terraform";
export * as rollout from "./rollout";
