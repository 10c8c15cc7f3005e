export * from "./benchmark-runner";
export * from "./baseline-benchmark";
export * from "./result-collector";
