import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CdktfEngine, StackAborted } from "../../orchestrate";
import { freshDirectory } from "../fixtures/results/fio-study";

/** A project directory whose node_modules/.bin/cdktf is a script that records its call. */
function fakeProject(body: string): string {
  const project = freshDirectory("fake-cdktf");
  mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
  const script = join(project, "node_modules", ".bin", "cdktf");
  writeFileSync(script, `#!/bin/sh\necho "args: $*"\necho "study: $KVMBENCH_STUDY results: $KVMBENCH_RESULTS cwd: $(pwd)"\n${body}\n`);
  chmodSync(script, 0o755);
  return project;
}

function request(project: string, signal?: AbortSignal) {
  return {
    stack: "zvol-none-virtio",
    env: { KVMBENCH_STUDY: "/s/study.yaml", KVMBENCH_RESULTS: "/r" },
    outputDir: join(project, "out", "slot-0"),
    logFile: join(project, "logs", "zvol-none-virtio.log"),
    ...(signal ? { signal } : {}),
  };
}

test("deploy runs `cdktf deploy <stack> --auto-approve --output DIR` in the project with the study env, logging to the file", async () => {
  const project = fakeProject("exit 0");
  await new CdktfEngine(project).deploy(request(project));
  const log = readFileSync(join(project, "logs", "zvol-none-virtio.log"), "utf8");
  expect(log).toContain(`args: deploy zvol-none-virtio --auto-approve --output ${join(project, "out", "slot-0")}`);
  expect(log).toContain(`study: /s/study.yaml results: /r cwd: ${project}`);
  expect(log).toMatch(/cdktf deploy ended with exit code 0/);
});

test("deploy asks cdktf to write the stack's outputs where the request says; destroy does not", async () => {
  const project = fakeProject("exit 0");
  const outputsFile = join(project, "outputs", "zvol-none-virtio.json");
  const engine = new CdktfEngine(project, ["--skip-synth"]);
  await engine.deploy({ ...request(project), outputsFile });
  await engine.destroy({ ...request(project), outputsFile });
  const calls = readFileSync(join(project, "logs", "zvol-none-virtio.log"), "utf8").split("\n").filter((line) => line.startsWith("args: "));
  expect(calls).toEqual([
    `args: deploy zvol-none-virtio --auto-approve --output ${join(project, "out", "slot-0")} --outputs-file ${outputsFile} --skip-synth`,
    `args: destroy zvol-none-virtio --auto-approve --output ${join(project, "out", "slot-0")} --skip-synth`,
  ]);
});

test("a failing cdktf rejects with the stack and exit code; destroy appends to the same log", async () => {
  const project = fakeProject('echo "Error: guest reported failure" >&2; exit 1');
  const engine = new CdktfEngine(project);
  await expect(engine.destroy(request(project))).rejects.toThrow("cdktf destroy zvol-none-virtio failed (exit code 1)");
  await expect(engine.deploy(request(project))).rejects.toThrow("cdktf deploy zvol-none-virtio failed (exit code 1)");
  const log = readFileSync(join(project, "logs", "zvol-none-virtio.log"), "utf8");
  expect(log.match(/Error: guest reported failure/g)).toHaveLength(2);
});

test("an abort sends SIGINT to cdktf and rejects with StackAborted once it has stopped", async () => {
  const project = fakeProject('trap \'echo "got SIGINT, stopping terraform"; exit 130\' INT\nwhile true; do sleep 0.05; done');
  const controller = new AbortController();
  const deploy = new CdktfEngine(project).deploy(request(project, controller.signal));
  setTimeout(() => controller.abort(), 300);
  await expect(deploy).rejects.toBeInstanceOf(StackAborted);
  const log = readFileSync(join(project, "logs", "zvol-none-virtio.log"), "utf8");
  expect(log).toContain("interrupt: sending SIGINT to cdktf deploy");
  expect(log).toContain("got SIGINT, stopping terraform");
});

test("an abort while terraform runs interrupts terraform alone, which saves its state before cdktf ends", async () => {
  // cdktf runs terraform in a terminal of its own and exits at once on SIGINT: terraform would die unsaved
  const project = fakeProject(
    'trap \'echo "cdktf got SIGINT"\' INT\n"$(dirname "$0")/terraform"\necho "cdktf: terraform exited $?"\nexit 1',
  );
  const terraform = join(project, "node_modules", ".bin", "terraform");
  writeFileSync(terraform, '#!/bin/sh\ntrap \'sleep 0.2; echo "terraform: interrupted, state saved"; exit 1\' INT\nwhile true; do sleep 0.05; done\n');
  chmodSync(terraform, 0o755);
  const controller = new AbortController();
  const deploy = new CdktfEngine(project).deploy(request(project, controller.signal));
  setTimeout(() => controller.abort(), 500);
  await expect(deploy).rejects.toBeInstanceOf(StackAborted);
  const log = readFileSync(join(project, "logs", "zvol-none-virtio.log"), "utf8");
  expect(log).toMatch(/interrupt: sending SIGINT to terraform \(pid \d+\): it saves what it made, then cdktf deploy ends/);
  expect(log).toContain("terraform: interrupted, state saved");
  expect(log).toContain("cdktf: terraform exited 1");
  expect(log).not.toContain("cdktf got SIGINT");
});
