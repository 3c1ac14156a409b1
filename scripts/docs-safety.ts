/**
 * Regenerates the stateful table in docs/safety.md from lib/policy/stateful.ts
 * (`npm run docs:safety`); `__tests__/safety/destroy-gate.test.ts` fails while it is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { STATEFUL_END, STATEFUL_START, withStatefulTable } from "../lib/policy/stateful-doc";

const file = join(__dirname, "..", "docs", "safety.md");
const updated = withStatefulTable(readFileSync(file, "utf8"));
if (updated === undefined) {
  process.stderr.write(`docs/safety.md has no ${STATEFUL_START} ... ${STATEFUL_END} block\n`);
  process.exit(1);
}
writeFileSync(file, updated);
process.stdout.write("updated the stateful table in docs/safety.md\n");
