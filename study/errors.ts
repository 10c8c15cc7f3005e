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
