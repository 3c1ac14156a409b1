/**
 * Regenerates lib/config/realm-config.generated.ts, the realm config types, from
 * realm.schema.json (see realm-types.ts). `--stdout` prints the module instead of writing it
 * (the freshness test uses that: the formatter it relies on cannot load inside jest).
 *
 *   node -r @swc-node/register scripts/gen-realm-types.ts [--stdout]
 */
import { writeFileSync } from "node:fs";
import { renderRealmTypes, TYPES_FILE } from "./realm-types";

renderRealmTypes().then((text) => {
  if (process.argv.includes("--stdout")) {
    process.stdout.write(text);
  } else {
    writeFileSync(TYPES_FILE, text);
    process.stdout.write(`wrote ${TYPES_FILE}\n`);
  }
});
