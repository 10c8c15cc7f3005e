/** Processes below a process, from /proc (Linux). */
import { readdirSync, readFileSync } from "node:fs";

interface ProcessEntry {
  readonly pid: number;
  readonly parent: number;
  readonly name: string;
}

function entries(): ProcessEntry[] {
  const found: ProcessEntry[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const parent = Number(stat.slice(close + 2).split(" ")[1]);
      found.push({ pid: Number(name), parent, name: stat.slice(stat.indexOf("(") + 1, close) });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** The pids of the processes named `name` (their /proc comm) among the descendants of `root`; none without /proc. */
export function descendantsNamed(root: number, name: string): number[] {
  let all: ProcessEntry[];
  try {
    all = entries();
  } catch {
    return [];
  }
  const below = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const entry of all) {
      if (below.has(entry.parent) && !below.has(entry.pid)) {
        below.add(entry.pid);
        grew = true;
      }
    }
  }
  return all.filter((entry) => entry.pid !== root && below.has(entry.pid) && entry.name === name).map((entry) => entry.pid);
}
