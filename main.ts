import { App } from "./constructs/core/cdktf";
import { buildStudyApp, describeSynth, StudyFileError } from "./stacks/app";

// cdktf records a stack trace for every token it creates; with tsx's source maps on, formatting
// them is most of synth time. Synth errors are construct messages, not stack traces.
process.setSourceMapsEnabled(false);

// What kvmbench says goes to stdout: the cdktf CLI prints the app's stderr as [ERROR].
try {
  const app = new App();
  const studyApp = buildStudyApp(app, {
    KVMBENCH_STUDY: process.env.KVMBENCH_STUDY,
    KVMBENCH_RESULTS: process.env.KVMBENCH_RESULTS,
    KVMBENCH_HOST: process.env.KVMBENCH_HOST,
  });
  app.synth();
  for (const line of describeSynth(studyApp)) console.log(line);
} catch (e) {
  if (!(e instanceof StudyFileError)) throw e;
  console.error(e.message);
  process.exit(1);
}
