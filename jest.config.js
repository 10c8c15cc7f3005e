/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // The end-to-end deploys have their own config (jest.e2e.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/e2e/"],
  // Type checking is `tsc --noEmit` (npm test runs it first); jest only transpiles.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 60000,
  // A lock directory of its own for each test file (see the file).
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/host-environment.ts"],
};
