import { scanGo } from "../support/go-commands";

describe("scanGo", () => {
  it("finds the literal programs of exec.Command, exec.CommandContext and exec.LookPath, with their lines", () => {
    const code = [
      "package main",
      `out, err := exec.Command("genisoimage", args...).CombinedOutput()`,
      `cmd := exec.CommandContext(ctx,`,
      `	"/usr/bin/qemu-img", "info")`,
      `if _, err := exec.LookPath("virsh"); err != nil {}`,
    ].join("\n");
    expect(scanGo(code)).toEqual([
      { command: "genisoimage", line: 2, inChroot: false },
      { command: "qemu-img", line: 3, inChroot: false },
      { command: "virsh", line: 5, inChroot: false },
    ]);
  });

  it("leaves out programs chosen at run time, comment lines and other strings", () => {
    const code = [`cmd := exec.Command(program, append([]string{"-q"}, args...)...)`, `// exec.Command("zpool", "list")`, `msg := "run exec.Command later"`, `fmt.Println("fio")`].join("\n");
    expect(scanGo(code)).toEqual([]);
  });
});
