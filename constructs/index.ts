/**
 * The Realmkit construct library, provider-neutral part: the props every cloud's construct of a
 * component takes and the rules shared between clouds. It loads no provider binding; the
 * constructs themselves are in `realmkit/aws`, `realmkit/gcp` and `realmkit/azure`.
 */
export * from "./common";
export * from "./network";
export * from "./keys";
export * from "./database";
export * from "./cluster";
export * from "./storage";
export * from "./services";
export * from "./dns";
export * from "./observability";
