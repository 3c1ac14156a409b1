/** `npm run docs:errors`: writes docs/errors.md from the error catalogue (`--check`: exit 1 when stale). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorsMarkdown } from "../lib/errors/markdown";

const file = join(__dirname, "..", "docs", "errors.md");
const text = errorsMarkdown();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // missing: stale
  }
  if (current !== text) {
    process.stderr.write("docs/errors.md is out of date: run npm run docs:errors\n");
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file}\n`);
}
