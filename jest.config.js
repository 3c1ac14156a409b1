/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // swc strips types without checking them: `npm run typecheck` does that once, not per test file.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 120000,
  globalSetup: "<rootDir>/__tests__/helpers/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/helpers/global-teardown.js",
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
