/**
 * Regenerates lib/config/realm-validator.generated.ts, the realm schema compiled ahead of time
 * (see realm-validator.ts).
 *
 *   node -r @swc-node/register scripts/gen-realm-validator.ts
 */
import { writeFileSync } from "node:fs";
import { renderRealmValidator, VALIDATOR_FILE } from "./realm-validator";

writeFileSync(VALIDATOR_FILE, renderRealmValidator());
process.stdout.write(`wrote ${VALIDATOR_FILE}\n`);
