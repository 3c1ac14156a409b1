const { rmSync } = require("node:fs");

module.exports = async () => {
  const dir = process.env.REALMKIT_JEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
