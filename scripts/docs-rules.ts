/**
 * Generates the README's guardrails table from the rules (`npm run docs:rules`):
 * rewrites the block between the markers below in README.md when it has them, and writes the
 * table to --out FILE when given. `--check` fails when README.md's block is out of date.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { catalogueMarkdown } from "../lib/policy/catalogue";
import { README_END, README_START, replaceBetweenMarkers } from "./readme-markers";

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const table = catalogueMarkdown();
if (outIndex >= 0) {
  const out = args[outIndex + 1]!;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, table);
  process.stdout.write(`wrote ${out}\n`);
}
const readme = join(__dirname, "..", "README.md");
if (existsSync(readme)) {
  const text = readFileSync(readme, "utf8");
  const updated = replaceBetweenMarkers(text, table);
  if (updated === undefined) {
    process.stdout.write(`README.md has no ${README_START} ... ${README_END} block; paste the table there to keep it generated\n`);
  } else if (args.includes("--check")) {
    if (updated !== text) {
      process.stderr.write("README.md's guardrails table is out of date: run npm run docs:rules\n");
      process.exit(1);
    }
  } else if (updated !== text) {
    writeFileSync(readme, updated);
    process.stdout.write("updated the guardrails table in README.md\n");
  }
} else if (outIndex < 0) {
  process.stdout.write(table);
}
