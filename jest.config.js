/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Type checking is `tsc --noEmit` (npm test runs it first); jest only transpiles.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 60000,
  // A lock directory of its own for each test file (see the file).
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/host-environment.ts"],
};
