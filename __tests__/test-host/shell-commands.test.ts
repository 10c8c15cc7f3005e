import { commandsOfArgv, scanShellScript } from "../support/shell-commands";

const commands = (script: string, functions: string[] = []): string[] => scanShellScript(script, { functions }).commands.map((use) => use.command);

describe("scanShellScript", () => {
  it("takes the first word of every simple command of a list, a pipeline and an and-or list", () => {
    expect(commands("a=1 grep -q x f | sort -u && wc -l <f || printf 'x'; mkdir -p d & sleep 1\nrm -f z")).toEqual(["grep", "sort", "wc", "mkdir", "sleep", "rm"]);
  });

  it("ignores words in messages: quoted text, comments and arguments", () => {
    const script = [
      `echo "run fio; then mkfs.xfs && zpool create" # wipefs here`,
      `printf '%s\\n' 'lvm vgcreate; blkid | tar'`,
      `kb_log "erasing \\"$dev\\" with wipefs"`,
      `# losetup -d all`,
    ].join("\n");
    expect(commands(script, ["kb_log"])).toEqual([]);
  });

  it("finds commands inside $(...), backticks, ${...:-$(...)}, $((...)), <(...) and double quotes", () => {
    const script = [
      `x="$(blkid -p "$(readlink -f "$dev")")"`,
      "y=`uname -r`",
      `session="\${SESSION:-$(date -u +%s)-$$}"`,
      `bytes="$(($(cat /sys/size) * 512))"`,
      `while read -r d; do :; done < <(lsblk -ln)`,
    ].join("\n");
    expect(commands(script)).toEqual(["blkid", "readlink", "uname", "date", "cat", "lsblk"]);
  });

  it("skips heredoc bodies, quoted or not, but runs the substitutions of an unquoted one", () => {
    const script = ["cat >f <<'END'", "mkfs.ext4 /dev/sda", "END", "cat <<-EOF", "\tzpool $(hostname)", "\tEOF", "tr a b"].join("\n");
    expect(commands(script)).toEqual(["cat", "cat", "hostname", "tr"]);
  });

  it("starts a command after if, then, elif, else, while, until, do, !, time and {", () => {
    const script = "if ! grep -q a f; then sed x; elif test -e f; then awk 1; else { head -1; }; fi\nwhile pgrep x; do sleep 1; done\nuntil false; do time sync; done";
    expect(commands(script)).toEqual(["grep", "sed", "awk", "head", "pgrep", "sleep", "sync"]);
  });

  it("leaves out [[ ]] conditions, for and case words, but not the commands of case branches", () => {
    const script = [
      `[[ -n $x && $y == (a|b) ]] && cut -f1`,
      `for f in proc sys dev; do mount --bind "/$f" "$root/$f"; done`,
      `for ((i = 0; i < 3; i++)); do umount x; done`,
      `case $s in`,
      `  0) printf x ;;`,
      `  "a b" | c*) base64 -d ;;`,
      `  *) kill 1 ;;`,
      `esac`,
      `od -An`,
    ].join("\n");
    expect(commands(script)).toEqual(["cut", "mount", "umount", "base64", "od"]);
  });

  it("leaves out assignments, redirections, builtins and the functions a script or its library defines", () => {
    const script = [
      `log() { printf '%s\\n' "$*" >&2; }`,
      `function cleanup { rm -rf "$work"; }`,
      `run_it() (`,
      `  exec 3>>"$port"`,
      `  X=1 Y=2 flock 9`,
      `)`,
      `local a=1; export B=2; set -e; cd /; read -r x; mapfile -t y <f; 2>/dev/null log hello; cleanup`,
      `kb_die "gone"`,
      `arr=(one "$(stat -c %s f)" three)`,
    ].join("\n");
    expect(scanShellScript(script, { functions: ["kb_die"] })).toEqual({
      commands: [
        { command: "rm", line: 2, inChroot: false },
        { command: "flock", line: 5, inChroot: false },
        { command: "stat", line: 9, inChroot: false },
      ],
      functions: ["log", "cleanup", "run_it"],
    });
  });

  it("follows wrappers to the command they run, and marks what runs in a chroot", () => {
    const script = [
      "command -v udevadm >/dev/null && exec tail -f x",
      "env -u X A=1 B=2 sha256sum f",
      "timeout -s KILL 5 nice -n 5 nohup xargs -I{} -0 dd if={}",
      `chroot "$root" /usr/bin/env LC_ALL=C apt-get install -y fio`,
      "sudo -u nobody id",
      "command printf x",
    ].join("\n");
    expect(scanShellScript(script).commands).toEqual([
      { command: "udevadm", line: 1, inChroot: false },
      { command: "tail", line: 1, inChroot: false },
      { command: "env", line: 2, inChroot: false },
      { command: "sha256sum", line: 2, inChroot: false },
      { command: "timeout", line: 3, inChroot: false },
      { command: "nice", line: 3, inChroot: false },
      { command: "nohup", line: 3, inChroot: false },
      { command: "xargs", line: 3, inChroot: false },
      { command: "dd", line: 3, inChroot: false },
      { command: "chroot", line: 4, inChroot: false },
      { command: "env", line: 4, inChroot: true },
      { command: "apt-get", line: 4, inChroot: true },
      { command: "sudo", line: 5, inChroot: false },
      { command: "id", line: 5, inChroot: false },
    ]);
  });

  it("reads the scripts of trap, eval and bash -c, and the names of absolute paths", () => {
    expect(commands(`trap 'rm -rf "$d"' EXIT\neval "losetup -D"\nbash -ec 'mkfs.xfs -f x'\n/usr/sbin/wipefs -a x\n./local-script.sh`)).toEqual([
      "rm",
      "losetup",
      "bash",
      "mkfs.xfs",
      "wipefs",
    ]);
  });

  it("counts a command held in a variable by the default it is given, and leaves other expansions out", () => {
    const script = [
      `fio_bin="\${KVMBENCH_FIO:-fio}"`,
      `poweroff_cmd="\${KVMBENCH_POWEROFF_CMD:-systemctl poweroff}"`,
      `tool=/usr/bin/qemu-img`,
      `"$fio_bin" --version`,
      `$poweroff_cmd || true`,
      `"\${tool}" info x`,
      `"$KB_ACTION"`,
      `"\${argv[@]}"`,
    ].join("\n");
    expect(scanShellScript(script).commands).toEqual([
      { command: "fio", line: 4, inChroot: false },
      { command: "systemctl", line: 5, inChroot: false },
      { command: "qemu-img", line: 6, inChroot: false },
    ]);
  });

  it("reports the line of each command across continuations and multi-line strings", () => {
    const script = `a=1\nmkdir \\\n  -p x\nprintf 'two\nlines'\nsleep 1`;
    expect(scanShellScript(script).commands).toEqual([
      { command: "mkdir", line: 2, inChroot: false },
      { command: "sleep", line: 6, inChroot: false },
    ]);
  });
});

describe("commandsOfArgv", () => {
  const literal = (text: string) => ({ text, literal: true });

  it("runs the program of the vector, wrappers included, and the script of sh -c", () => {
    expect(commandsOfArgv(["sh", "-c", "command -v lvm"].map(literal), 7)).toEqual([
      { command: "sh", line: 7, inChroot: false },
      { command: "lvm", line: 7, inChroot: false },
    ]);
    expect(commandsOfArgv([literal("env"), { text: "X=${x}", literal: false }, literal("bash"), { text: "script", literal: false }], 1).map((u) => u.command)).toEqual(["env", "bash"]);
  });

  it("counts shell builtin names as programs: no shell runs them", () => {
    expect(commandsOfArgv([literal("/usr/bin/printf"), literal("x")], 1).map((u) => u.command)).toEqual(["printf"]);
  });

  it("finds nothing in a vector whose program is only known at run time", () => {
    expect(commandsOfArgv([{ text: "process.execPath", literal: false }, literal("x")], 1)).toEqual([]);
  });
});
