import { rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "./constructs/core/cdktf";
import { buildStudyApp, describeSynth, StudyFileError } from "./stacks/app";

// cdktf records a stack trace for every token it creates; with tsx's source maps on, formatting
// them is most of synth time. Synth errors are construct messages, not stack traces.
process.setSourceMapsEnabled(false);

// What kvmbench says goes to stdout: the cdktf CLI prints the app's stderr as [ERROR].
const app = new App();
try {
  const studyApp = buildStudyApp(app, {
    KVMBENCH_STUDY: process.env.KVMBENCH_STUDY,
    KVMBENCH_RESULTS: process.env.KVMBENCH_RESULTS,
    KVMBENCH_HOST: process.env.KVMBENCH_HOST,
  });
  app.synth();
  for (const line of describeSynth(studyApp)) console.log(line);
} catch (e) {
  if (!(e instanceof StudyFileError)) throw e;
  // A study with errors leaves no stacks behind, not even an earlier synth's.
  rmSync(join(app.outdir, "stacks"), { recursive: true, force: true });
  rmSync(join(app.outdir, "manifest.json"), { force: true });
  console.error(e.message);
  process.exit(1);
}
