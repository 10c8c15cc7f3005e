/** The STUDY argument shared by validate, list and run. */
import { join } from "node:path";

/**
 * The bundled seed study, used when STUDY is omitted. Same file as stacks/app.ts DEFAULT_STUDY
 * (kept here so the CLI does not load cdktf just to list a study; a test checks they agree).
 */
export const DEFAULT_STUDY_FILE = join(__dirname, "..", "scenarios", "seed.yaml");

/** The study path to use: the argument, else the bundled seed study. */
export function studyPath(argument: string | undefined): string {
  return argument ?? DEFAULT_STUDY_FILE;
}

/** Help text for the STUDY argument. */
export const STUDY_ARGUMENT_HELP = "study file (YAML); default: the bundled seed study (scenarios/seed.yaml)";
