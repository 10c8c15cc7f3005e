/** Parsing benchmark output and scoring it like the seed study. */
export * from "./assessment";
export * from "./benchmark-tests";
export * from "./diskspd-parser";
export * from "./errors";
export * from "./figures";
export * from "./fio-parser";
export * from "./load-fio-files";
export * from "./load-result-file";
export * from "./load-results-directory";
export * from "./scenario-results";
export * from "./scenario-settings";
export * from "./scoring";
export * from "./statistics";
export * from "./study-results";
export * from "./result-file";
