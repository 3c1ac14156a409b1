/**
 * `realmkit/gcp`: the GCP constructs of every component, with the provider-neutral props they
 * extend. Loads only the @cdktf/provider-google binding (by deep path), never another cloud's.
 */
export * from "./index";
export * from "./network/gcp";
export * from "./keys/gcp";
export * from "./database/gcp";
export * from "./cluster/gcp";
export * from "./storage/gcp";
export * from "./services/gcp";
export * from "./dns/gcp";
export * from "./observability/gcp";
export * from "./gcp-scope";
