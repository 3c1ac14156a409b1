/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // swc strips types without checking them: `npm run typecheck` does that once, not per test file.
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }],
    // secretlint ships ES modules; Jest's own loader (before Node 24.9) cannot require() them.
    "node_modules/@secretlint/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!@secretlint/)"],
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 120000,
  // One temp folder per run, removed afterwards: no test leaves files behind.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  globalSetup: "<rootDir>/__tests__/setup/temp-setup.js",
  globalTeardown: "<rootDir>/__tests__/setup/temp-teardown.js",
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
