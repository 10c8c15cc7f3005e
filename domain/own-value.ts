/**
 * Look-ups by a name a study wrote (an fio option, a mount or mkfs option, a device name) in a
 * table kvmbench keeps as a plain object: only the table's own entries count, never what every
 * object inherits (`constructor`, `toString`, `__proto__`...), so such a name is refused like
 * any other unknown one instead of reaching Object's members.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
