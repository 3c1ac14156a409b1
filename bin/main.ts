import { installCompileCache } from "../lib/cdktf/compile-cache";
import { deferCdktfDependencies } from "../lib/cdktf/defer-deps";
import { maskOutputStreams } from "./masked-output";

installCompileCache();
deferCdktfDependencies();
maskOutputStreams();
// Required after both are in place: the app loads cdktf and the provider bindings.
const { runApp } = require("./app") as typeof import("./app");

/**
 * The cdktf app (`cdktf synth`, `cdktf deploy realm-us2`): one stack per realm/provider pair,
 * checked by the guardrails after every synth. REALMKIT_REALMS picks the inventory,
 * REALMKIT_BACKEND=local synthesizes local state.
 */
const code = runApp();
if (code !== 0) process.exit(code);
