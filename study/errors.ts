/** One problem in a study file, with its position. */
export interface StudyError {
  /** The study file's path as given. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** Key path of the offending value, e.g. "storage.zvol.pool.ashift" or "matrix.cache[1]"; "" for the document. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** What is expected instead. */
  readonly expected: string;
}

/** How much of a study's value an error shows: enough to find it, not a whole pasted file. */
export const SHOWN_VALUE_LENGTH = 80;
/** Past this, an error's message is cut whatever it holds (values with quotes and spaces in them). */
const MAX_MESSAGE_LENGTH = 2000;
const ELLIPSIS = "\u2026";
const LONG_QUOTED = new RegExp(`"([^"\\n]{${SHOWN_VALUE_LENGTH}})[^"\\n]+"`, "g");
const LONG_WORD = new RegExp(`(^|[\\s(=])([^\\s"]{${SHOWN_VALUE_LENGTH}})[^\\s"]+`, "g");

/** Text with every quoted value or word longer than SHOWN_VALUE_LENGTH cut there, with an ellipsis. */
export function cutLongValues(text: string): string {
  const cut = text.replace(LONG_QUOTED, `"$1${ELLIPSIS}"`).replace(LONG_WORD, `$1$2${ELLIPSIS}`);
  return cut.length > MAX_MESSAGE_LENGTH ? `${cut.slice(0, MAX_MESSAGE_LENGTH)}${ELLIPSIS}` : cut;
}

/** The error as it is shown: long values in its message and key path cut (see cutLongValues). */
export function withValuesCut(error: StudyError): StudyError {
  return { ...error, path: cutLongValues(error.path), message: cutLongValues(error.message) };
}

/** `file:line:column: key.path: what is wrong; expected ...` */
export function formatError(error: StudyError): string {
  const where = `${error.file}:${error.line}:${error.column}`;
  const path = error.path === "" ? "" : ` ${error.path}:`;
  return `${where}:${path} ${error.message}; expected ${error.expected}`;
}

/** One error a line, in file order. */
export function formatErrors(errors: readonly StudyError[]): string {
  return sortErrors(errors).map(formatError).join("\n");
}

/** File order (line, then column); stable for errors at the same place. */
export function sortErrors(errors: readonly StudyError[]): StudyError[] {
  return [...errors].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
