// `node -r lib/cdktf/cdktn-preload.ts`: Realmkit on the cdktn installed in REALMKIT_CDKTN_HOME.
import { aliasCdkTerrain } from "./cdktn-alias";

const home = process.env.REALMKIT_CDKTN_HOME;
if (!home) throw new Error("REALMKIT_CDKTN_HOME must name the folder cdktn is installed in (npm run compare:cdktn sets it)");
aliasCdkTerrain(home);
