/**
 * `realmkit/aws`: the AWS constructs of every component, with the provider-neutral props they
 * extend. Loads only the @cdktf/provider-aws binding (by deep path), never another cloud's.
 */
export * from "./index";
export * from "./network/aws";
export * from "./keys/aws";
export * from "./database/aws";
export * from "./cluster/aws";
export * from "./storage/aws";
export * from "./services/aws";
export * from "./dns/aws";
export * from "./observability/aws";
