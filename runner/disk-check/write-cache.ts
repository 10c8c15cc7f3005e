/**
 * The write-cache record: `<alias> <reply>` a line, the reply being QEMU's to QMP `qom-get` of
 * the device's `write-cache` property (`{"return":"on","id":...}`). Returns alias -> "on", "off"
 * or "auto", or the reply's error text.
 */
export function writeCacheByAlias(record: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of record.split("\n")) {
    const space = line.indexOf(" ");
    if (space <= 0) continue;
    values.set(line.slice(0, space), replyValue(line.slice(space + 1).trim()));
  }
  return values;
}

function replyValue(reply: string): string {
  try {
    const document = JSON.parse(reply) as { return?: unknown; error?: { desc?: unknown } };
    if (typeof document.return === "string") return document.return;
    if (document.error) return `error: ${String(document.error.desc ?? "QMP error")}`;
  } catch {
    // not JSON: virsh's own error text
  }
  return `error: ${reply || "no reply"}`;
}
