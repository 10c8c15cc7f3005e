/** Sparse loop devices standing in for disks, for tests and benchmarks that run host steps for real (root, losetup). */
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const canUseLoopDevices = process.getuid?.() === 0 && spawnSync("losetup", ["--version"]).status === 0;

export class LoopDevices {
  private readonly attached: string[] = [];

  constructor(private readonly dir: string) {}

  /** A new loop device over a sparse file of `bytes` (400 MiB by default: mkfs.xfs wants more than 300 MB). */
  create(name: string, bytes = 400 * 1024 * 1024): string {
    const file = join(this.dir, `${name}.img`);
    writeFileSync(file, "");
    execFileSync("truncate", ["-s", String(bytes), file]);
    const loop = execFileSync("losetup", ["-f", "--show", file], { encoding: "utf8" }).trim();
    this.attached.push(loop);
    return loop;
  }

  /** Detaches every device this object attached. */
  detachAll(): void {
    for (const loop of this.attached.splice(0)) spawnSync("losetup", ["-d", loop]);
  }
}

/** The signatures wipefs finds on a device, one per line (empty when it is blank). */
export function signaturesOn(device: string): string {
  return execFileSync("wipefs", ["--noheadings", "--output", "TYPE,OFFSET", device], { encoding: "utf8" }).trim();
}

/** Unmounts everything mounted below `dir` (lazily). */
export function unmountBelow(dir: string): void {
  for (const target of spawnSync("findmnt", ["-rn", "-o", "TARGET"], { encoding: "utf8" }).stdout.split("\n")) {
    if (target.startsWith(dir)) spawnSync("umount", ["-l", target]);
  }
}
