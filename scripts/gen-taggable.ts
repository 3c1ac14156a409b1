/**
 * Regenerates lib/policy/data/taggable.json from the provider bindings: which resource types
 * take tags/labels, in which attribute, and whether provider-level defaults (AWS default_tags,
 * Google default_labels) reach them. The policy engine reads the table instead of the 5,000
 * binding files, which would cost seconds on every synth.
 *
 *   node -r @swc-node/register scripts/gen-taggable.ts [--check]
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderTaggableTable, scanTaggable } from "./taggable-scan";

const out = join(__dirname, "..", "lib", "policy", "data", "taggable.json");
const nodeModules = join(dirname(require.resolve("cdktf/package.json")), "..");
const text = renderTaggableTable(scanTaggable(nodeModules, { readdirSync, readFileSync }));

if (process.argv.includes("--check")) {
  if (readFileSync(out, "utf8") !== text) {
    process.stderr.write(`${out} is out of date: run npm run gen:taggable\n`);
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  process.stdout.write(`wrote ${out}\n`);
}
