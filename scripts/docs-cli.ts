/** Writes docs/cli-commands.md from the registered commands (`npm run docs:cli`). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cliReferenceMarkdown } from "../bin/cli-reference";

const out = join(__dirname, "..", "docs", "cli-commands.md");
writeFileSync(out, cliReferenceMarkdown());
process.stdout.write(`wrote ${out}\n`);
