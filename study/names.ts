/**
 * Names that become parts of stack ids (storage, devices, scenarios): cdktf forbids glob
 * characters and whitespace in stack ids, constructs forbid "/", and the names also end up
 * in directory, pool and volume names, so they are kept to letters, digits, "-" and "_".
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const MAX_NAME_LENGTH = 100;

export const NAME_EXPECTATION = 'a name of letters, digits, "-" and "_", starting with a letter or digit (at most 100 characters)';

export function isValidName(name: string): boolean {
  return NAME.test(name) && name.length <= MAX_NAME_LENGTH;
}
