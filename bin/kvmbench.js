#!/usr/bin/env node
// The `kvmbench` command: loads the TypeScript CLI through tsx and runs it.
"use strict";
require("tsx/cjs");
const { runCli } = require("../cli/index.ts");

runCli(process.argv).then((code) => {
  process.exitCode = code;
});
