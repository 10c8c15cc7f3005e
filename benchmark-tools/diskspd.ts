/** DiskSpd on Windows guests: cloudbase-init PowerShell finds the disk by serial and runs one DiskSpd invocation per profile test. */
import { parseDiskSpdXml } from "../results/diskspd-parser";
import { ResultInputError } from "../results/errors";
import { windowsUserData } from "../runner/windows-user-data";
import type { BenchmarkTool } from "./benchmark-tool";

export const diskspd: BenchmarkTool = {
  name: "diskspd",
  os: "windows",
  // DiskSpd comes with the image, or from the study's download URL: never from a package manager.
  userData: ({ benchmark, diskSerial, port, guest }) =>
    windowsUserData({ benchmark, diskSerial, diskspdPath: guest.diskspd?.path, diskspdDownloadUrl: guest.diskspd?.downloadUrl, port }),
  runOf: (repeat, test, payload) => (test ? { repeat, tool: "diskspd", output: payload, test } : { repeat, tool: "diskspd", output: payload }),
  parse(run, source) {
    if (run.tool !== "diskspd" || typeof run.output !== "string") throw new ResultInputError(`${source}: DiskSpd output must be the XML text`);
    return parseDiskSpdXml(run.output, source);
  },
};
