/** Where a command is found, as `command -v` finds it for root: PATH, then /usr/sbin and /sbin. */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

const SYSTEM_DIRECTORIES = ["/usr/sbin", "/sbin"];

/** The executable file `command` names on PATH (plus /usr/sbin and /sbin), or undefined. */
export function commandPath(command: string, path: string = process.env.PATH ?? ""): string | undefined {
  const directories = [...path.split(delimiter).filter((dir) => dir !== ""), ...SYSTEM_DIRECTORIES];
  return directories.map((dir) => join(dir, command)).find(isExecutableFile);
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
