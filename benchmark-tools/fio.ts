/** fio on Linux guests: cloud-init installs it, writes the profile's job file and the runner script, and runs it. */
import { ResultInputError } from "../results/errors";
import { parseFioJsonText, parseFioOutput, readFioDocument } from "../results/fio-parser";
import { linuxUserData } from "../runner/cloud-init";
import type { BenchmarkTool } from "./benchmark-tool";

export const fio: BenchmarkTool = {
  name: "fio",
  os: "linux",
  userData: ({ benchmark, diskSerial, port, install }) => linuxUserData({ benchmark, diskSerial, port, installFio: install }),
  runOf: (repeat, _test, payload, source) => ({ repeat, tool: "fio", output: readFioDocument(payload, source) }),
  parse(run, source) {
    if (run.tool !== "fio") throw new ResultInputError(`${source}: a ${run.tool} run is not fio's`);
    return typeof run.output === "string" ? parseFioJsonText(run.output, source) : parseFioOutput(run.output, source);
  },
};
