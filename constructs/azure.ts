/**
 * `realmkit/azure`: the Azure constructs of every component, with the provider-neutral props they
 * extend. Loads only the @cdktf/provider-azurerm binding (by deep path), never another cloud's.
 */
export * from "./index";
export * from "./network/azure";
export * from "./keys/azure";
export * from "./database/azure";
export * from "./cluster/azure";
export * from "./storage/azure";
export * from "./services/azure";
export * from "./dns/azure";
export * from "./observability/azure";
export * from "./azure-scope";
