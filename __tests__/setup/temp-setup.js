// Every test run gets its own temp folder, removed at the end (temp-teardown.js): cdktf's
// `Testing.app()` makes a `cdktf.outdir.*` folder per app and never removes it, and child
// processes (the CLI, terraform) inherit TMPDIR, so nothing a test creates outlives the run.
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async () => {
  const dir = mkdtempSync(join(tmpdir(), "realmkit-jest-"));
  process.env.REALMKIT_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  process.env.TMP = dir;
  process.env.TEMP = dir;
  // Its own empty synth cache too: tests neither read a developer's cache nor leave entries behind.
  if (!process.env.REALMKIT_SYNTH_CACHE_DIR) process.env.REALMKIT_SYNTH_CACHE_DIR = join(dir, "synth-cache");
};
