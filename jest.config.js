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
  // One worker per core (jest's default leaves one idle): many tests wait on fio, mkfs, QEMU or
  // Chromium, and the suite takes about 5 minutes instead of 8 on two cores.
  maxWorkers: "100%",
  // TMPDIR: a folder of the suite's own, removed at its end (see the file).
  globalSetup: "<rootDir>/__tests__/support/private-tmpdir-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/private-tmpdir-teardown.ts",
  // A lock directory of its own for each test file (see the file).
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/host-environment.ts"],
};
