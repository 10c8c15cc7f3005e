/**
 * An input the report cannot use: a file that is not what it should be, a missing baseline
 * test, an empty directory. The message says which file and what was expected.
 */
export class ResultInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResultInputError";
  }
}
