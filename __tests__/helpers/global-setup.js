// Every test run gets its own, empty synth cache, removed afterwards: tests neither read a
// developer's cache nor leave entries behind. Workers inherit the environment set here.
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async () => {
  if (!process.env.REALMKIT_SYNTH_CACHE_DIR) {
    process.env.REALMKIT_SYNTH_CACHE_DIR = mkdtempSync(join(tmpdir(), "realmkit-test-synth-cache-"));
    process.env.REALMKIT_TEST_OWNS_SYNTH_CACHE = "1";
  }
};
