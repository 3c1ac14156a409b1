const { rmSync } = require("node:fs");

module.exports = async () => {
  if (process.env.REALMKIT_TEST_OWNS_SYNTH_CACHE === "1") rmSync(process.env.REALMKIT_SYNTH_CACHE_DIR, { recursive: true, force: true });
};
