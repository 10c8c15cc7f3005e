/** A file the QEMU process has open. */
export interface OpenFile {
  readonly fd: number;
  /** The open flags (fdinfo's `flags`, octal there). */
  readonly flags?: number;
  /** Where the descriptor points (a path, or pipe:[...], socket:[...]). */
  readonly target: string;
}

/** The QEMU-process record of a disk check. */
export interface QemuProcess {
  /** When the check looked (the host's clock, UTC). */
  readonly checkedAt?: string;
  /** The domain's state when the check began (running or paused). */
  readonly state?: string;
  /** The host's `uname -m`. */
  readonly arch?: string;
  /** Each disk source the domain names -> the path it resolves to on the host. */
  readonly resolvedSources: ReadonlyMap<string, string>;
  /** The process, when its pid file was found. */
  readonly pid?: number;
  /** Why there is no pid, when there is none. */
  readonly noPid?: string;
  readonly openFiles: readonly OpenFile[];
}

/** Parses the record (constructs/runner/scripts/check-disk.sh writes it): one `<keyword> <values>` a line. */
export function parseQemuProcess(record: string): QemuProcess {
  let checkedAt: string | undefined;
  let state: string | undefined;
  let arch: string | undefined;
  let pid: number | undefined;
  let noPid: string | undefined;
  const resolvedSources = new Map<string, string>();
  const openFiles: OpenFile[] = [];
  for (const line of record.split("\n")) {
    const [keyword, ...rest] = line.split(" ");
    const value = rest.join(" ");
    if (keyword === "checked-at") checkedAt = value;
    else if (keyword === "state") state = value;
    else if (keyword === "arch") arch = value;
    else if (keyword === "source" && rest.length >= 2) resolvedSources.set(rest[0] as string, rest.slice(1).join(" "));
    else if (keyword === "pid") {
      if (/^\d+$/.test(value)) pid = Number(value);
      else noPid = value;
    } else if (keyword === "fd" && rest.length >= 3 && /^\d+$/.test(rest[0] as string)) {
      const flags = /^[0-7]+$/.test(rest[1] as string) ? parseInt(rest[1] as string, 8) : undefined;
      openFiles.push({ fd: Number(rest[0]), ...(flags !== undefined ? { flags } : {}), target: rest.slice(2).join(" ") });
    }
  }
  return {
    ...(checkedAt ? { checkedAt } : {}),
    ...(state ? { state } : {}),
    ...(arch ? { arch } : {}),
    resolvedSources,
    ...(pid !== undefined ? { pid } : {}),
    ...(noPid !== undefined ? { noPid } : {}),
    openFiles,
  };
}

/** O_DIRECT's bit in open flags, by `uname -m` (Linux's asm-generic value unless the architecture has its own). */
export function directFlagOf(arch: string | undefined): number | undefined {
  if (arch === undefined) return undefined;
  if (/^(x86_64|i[3-6]86|s390x|riscv64|loongarch64)$/.test(arch)) return 0o40000;
  if (/^(aarch64|arm)/.test(arch)) return 0o200000;
  if (/^ppc/.test(arch)) return 0o400000;
  if (/^mips/.test(arch)) return 0o100000;
  return undefined;
}

/** O_ACCMODE's values: how a file is open. */
export function accessMode(flags: number): "read-only" | "write-only" | "read-write" {
  const mode = flags & 0o3;
  return mode === 0 ? "read-only" : mode === 1 ? "write-only" : "read-write";
}
