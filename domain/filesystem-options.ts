/**
 * The mkfs and mount options a study may give a filesystem: allowlists per tool of the options
 * that shape the filesystem under test, with the form of each value. Nothing here can name a
 * path or another device (xfs `-l logdev=`, `-r rtdev=`, ext4 `-J device=`, `-d root-dir`...),
 * override kvmbench's marker (label, UUID) or force past mkfs's own checks. The study reader
 * reports a refused option with its position; the Filesystem construct checks the same lists.
 */
import { ownValue } from "./own-value";

/** The filesystems kvmbench makes for image files. */
export type FilesystemType = "ext4" | "xfs";
export const FILESYSTEM_TYPES: readonly FilesystemType[] = ["ext4", "xfs"];

/** Where an option went wrong: the index of the list item, and what is wrong. */
export interface OptionProblem {
  readonly index: number;
  readonly message: string;
}

/** A value's form; `true` for a sub-option or mount option without a value. */
type ValueForm = RegExp | true;
/** An mkfs flag: without a value, with a value of a form, or with `name=value,...` sub-options. */
type FlagRule = { readonly kind: "switch" } | { readonly kind: "value"; readonly form: RegExp } | { readonly kind: "suboptions"; readonly allowed: Readonly<Record<string, ValueForm>> };

const NUMBER = /^\d{1,12}$/;
const SIZE = /^\d{1,12}[kmgtKMGTsb]?$/;
const BIT = /^[01]$/;
const FLAG: FlagRule = { kind: "switch" };
const value = (form: RegExp): FlagRule => ({ kind: "value", form });
const suboptions = (allowed: Record<string, ValueForm>): FlagRule => ({ kind: "suboptions", allowed });

const MKFS_RULES: Readonly<Record<FilesystemType, Readonly<Record<string, FlagRule>>>> = {
  ext4: {
    "-b": value(/^(1024|2048|4096|8192|16384|32768|65536)$/),
    "-C": value(SIZE),
    "-D": FLAG,
    "-E": suboptions({
      lazy_itable_init: BIT,
      lazy_journal_init: BIT,
      stride: NUMBER,
      stripe_width: NUMBER,
      "stripe-width": NUMBER,
      discard: true,
      nodiscard: true,
      packed_meta_blocks: BIT,
      num_backup_sb: /^[0-2]$/,
      assume_storage_prezeroed: BIT,
      resize: NUMBER,
    }),
    "-e": value(/^(continue|remount-ro)$/),
    "-g": value(NUMBER),
    "-G": value(NUMBER),
    "-i": value(NUMBER),
    "-I": value(NUMBER),
    "-j": FLAG,
    "-J": suboptions({ size: NUMBER }),
    "-K": FLAG,
    "-m": value(/^\d{1,2}(\.\d{1,3})?$/),
    "-N": value(NUMBER),
    "-O": value(/^\^?[a-z0-9_]+(,\^?[a-z0-9_]+)*$/),
    "-r": value(BIT),
    "-T": value(/^[a-z0-9_]+(,[a-z0-9_]+)*$/),
    "-v": FLAG,
  },
  xfs: {
    "-b": suboptions({ size: SIZE }),
    "-d": suboptions({ agcount: NUMBER, agsize: SIZE, su: SIZE, sw: NUMBER, sunit: NUMBER, swidth: NUMBER, noalign: true, size: SIZE, cowextsize: NUMBER, extszinherit: NUMBER, concurrency: NUMBER }),
    "-i": suboptions({ size: SIZE, maxpct: NUMBER, align: BIT, attr: /^[12]$/, projid32bit: BIT, sparse: BIT, nrext64: BIT, exchange: BIT }),
    "-K": FLAG,
    "-l": suboptions({ size: SIZE, version: /^[12]$/, sunit: NUMBER, su: SIZE, "lazy-count": BIT, internal: /^1$/, agnum: NUMBER, concurrency: NUMBER }),
    "-m": suboptions({ crc: BIT, finobt: BIT, rmapbt: BIT, reflink: BIT, bigtime: BIT, inobtcount: BIT, autofsck: BIT }),
    "-n": suboptions({ size: SIZE, version: /^(2|ci)$/, ftype: BIT, parent: BIT }),
    "-s": suboptions({ size: SIZE }),
  },
};

/** Why an option is refused, for the options people reach for. */
const REFUSED_BECAUSE: Readonly<Record<FilesystemType, Readonly<Record<string, string>>>> = {
  ext4: {
    "-d": "it copies a host directory into the filesystem",
    "-F": "it forces mkfs past its own checks (kvmbench's guard decides, with wipe: true)",
    "-S": "it writes superblocks over an existing filesystem",
    "-n": "it makes no filesystem",
    "-l": "it reads a host file",
    "-L": "kvmbench sets the label",
    "-U": "kvmbench sets the UUID (its marker)",
    "-t": "the filesystem type is the storage's type",
    "-M": "it names a host path",
    "-c": "it scans the device for bad blocks, which takes hours",
  },
  xfs: {
    "-f": "it forces mkfs past its own checks (kvmbench's guard decides, with wipe: true)",
    "-r": "a realtime section lives on another device",
    "-p": "it reads a host file",
    "-c": "it reads a host file",
    "-N": "it makes no filesystem",
    "-L": "kvmbench sets the label",
    "-q": "kvmbench passes it already",
  },
};

/** Sub-options refused with a reason (they name a device or path, or kvmbench's marker). */
const REFUSED_SUBOPTIONS: Readonly<Record<string, string>> = {
  logdev: "it names another device",
  rtdev: "it names another device",
  device: "it names another device",
  external: "the journal would live on another device",
  name: "it names a host file",
  file: "it makes the filesystem in a host file",
  uuid: "kvmbench sets the UUID (its marker)",
  root_owner: "it does not shape the I/O measured",
  offset: "it moves the filesystem within the device",
};

const MOUNT_COMMON: Readonly<Record<string, ValueForm>> = {
  noatime: true,
  relatime: true,
  strictatime: true,
  atime: true,
  nodiratime: true,
  diratime: true,
  lazytime: true,
  nolazytime: true,
  sync: true,
  async: true,
  dirsync: true,
  iversion: true,
  noiversion: true,
  discard: true,
  nodiscard: true,
};

const MOUNT_RULES: Readonly<Record<FilesystemType, Readonly<Record<string, ValueForm>>>> = {
  ext4: {
    ...MOUNT_COMMON,
    data: /^(ordered|writeback|journal)$/,
    commit: NUMBER,
    barrier: BIT,
    nobarrier: true,
    journal_checksum: true,
    nojournal_checksum: true,
    journal_async_commit: true,
    journal_ioprio: /^[0-7]$/,
    delalloc: true,
    nodelalloc: true,
    dioread_nolock: true,
    dioread_lock: true,
    inode_readahead_blks: NUMBER,
    stripe: NUMBER,
    max_batch_time: NUMBER,
    min_batch_time: NUMBER,
    auto_da_alloc: true,
    noauto_da_alloc: true,
    init_itable: NUMBER,
    noinit_itable: true,
    block_validity: true,
    noblock_validity: true,
    nombcache: true,
    errors: /^(continue|remount-ro)$/,
  },
  xfs: {
    ...MOUNT_COMMON,
    allocsize: SIZE,
    inode32: true,
    inode64: true,
    largeio: true,
    nolargeio: true,
    logbufs: NUMBER,
    logbsize: SIZE,
    noalign: true,
    swalloc: true,
    sunit: NUMBER,
    swidth: NUMBER,
    wsync: true,
    filestreams: true,
    ikeep: true,
    noikeep: true,
  },
};

function checkValue(name: string, raw: string | undefined, form: ValueForm): string | undefined {
  if (form === true) return raw === undefined ? undefined : `"${name}" takes no value`;
  if (raw === undefined) return `"${name}" needs a value`;
  if (raw.includes("/")) return `"${name}=${raw}" names a path or device`;
  return form.test(raw) ? undefined : `"${name}=${raw}" has a value of the wrong form (expected ${form.source})`;
}

/** `a=1,b` against allowed sub-options. */
function subOptionProblem(flag: string, text: string, allowed: Readonly<Record<string, ValueForm>>): string | undefined {
  for (const part of text.split(",")) {
    const [name, ...rest] = part.split("=");
    const raw = rest.length ? rest.join("=") : undefined;
    const refused = ownValue(REFUSED_SUBOPTIONS, name);
    if (refused) return `${flag} ${name}= is refused: ${refused}`;
    const form = ownValue(allowed, name);
    if (form === undefined) return `${flag} sub-option "${name}" is not allowed (allowed: ${Object.keys(allowed).join(", ")})`;
    const problem = checkValue(name, raw, form);
    if (problem) return `${flag}: ${problem}`;
  }
  return undefined;
}

/** The problems of a list of mkfs arguments for `type`; an empty list when all are allowed. */
export function mkfsOptionProblems(type: FilesystemType, options: readonly string[]): OptionProblem[] {
  const rules = MKFS_RULES[type];
  const problems: OptionProblem[] = [];
  for (let index = 0; index < options.length; index++) {
    const flag = options[index];
    const rule = ownValue(rules, flag);
    if (!rule) {
      const reason = ownValue(REFUSED_BECAUSE[type], flag);
      const message = reason
        ? `mkfs.${type} option "${flag}" is refused: ${reason}`
        : `"${flag}" is not an allowed mkfs.${type} option (allowed: ${Object.keys(rules).join(" ")}; write each option and its value as separate items)`;
      problems.push({ index, message });
      continue;
    }
    if (rule.kind === "switch") continue;
    const argument = options[index + 1];
    if (argument === undefined) {
      problems.push({ index, message: `mkfs.${type} option "${flag}" needs a value as the next item` });
      continue;
    }
    index++;
    const problem =
      rule.kind === "value"
        ? argument.includes("/")
          ? `${flag} "${argument}" names a path or device`
          : rule.form.test(argument)
            ? undefined
            : `${flag} "${argument}" has the wrong form (expected ${rule.form.source})`
        : subOptionProblem(flag, argument, rule.allowed);
    if (problem) problems.push({ index, message: `mkfs.${type} ${problem}` });
  }
  return problems;
}

/** The problems of a list of mount options for `type`, one option per item. */
export function mountOptionProblems(type: FilesystemType, options: readonly string[]): OptionProblem[] {
  const allowed = MOUNT_RULES[type];
  const problems: OptionProblem[] = [];
  options.forEach((option, index) => {
    if (option.includes(",")) {
      problems.push({ index, message: `mount option "${option}" holds several options; give one option per item` });
      return;
    }
    const [name, ...rest] = option.split("=");
    const form = ownValue(allowed, name);
    if (form === undefined) {
      problems.push({ index, message: `"${name}" is not an allowed ${type} mount option (allowed: ${Object.keys(allowed).join(", ")})` });
      return;
    }
    const problem = checkValue(name, rest.length ? rest.join("=") : undefined, form);
    if (problem) problems.push({ index, message: `${type} mount option ${problem}` });
  });
  return problems;
}
