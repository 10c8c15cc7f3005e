/**
 * kvmbench's version: what `kvmbench --version` prints and what every result file records
 * (`tools.kvmbench`). Kept equal to package.json's `version` (a test compares them); a constant
 * because domain/ reads no files.
 */
export const KVMBENCH_VERSION = "0.1.0";
