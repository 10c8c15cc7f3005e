/** @type {import('jest').Config} */
// The slow end-to-end tests: real deploys to this machine (npm run setup:test-host prepares it).
// They run one at a time: each boots guests under TCG on the same two CPU cores.
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 20 * 60_000,
  maxWorkers: 1,
};
