export * from "./benchmark-runner";
export * from "./baseline-benchmark";
export * from "./disk-check";
export * from "./result-collector";
