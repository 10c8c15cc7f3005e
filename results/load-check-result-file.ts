import { ResultInputError } from "./errors";
import type { CheckFinding, CheckResultFile } from "./check-result-file";
import { readJsonInputFile } from "./read-input-file";
import { RESULT_FORMAT, RESULT_FORMAT_VERSION } from "./result-file";

const EXPECTED = `a disk check's result file: a JSON object with "format": "${RESULT_FORMAT}", "version": ${RESULT_FORMAT_VERSION}, "kind": "check", "scenario" and "check" ({ domain, ok, findings })`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFinding(value: unknown): value is CheckFinding {
  return isRecord(value) && typeof value["what"] === "string" && typeof value["expected"] === "string" && typeof value["found"] === "string" && typeof value["ok"] === "boolean";
}

/** Whether a parsed result file is a disk check's (its `kind` says so). */
export function isCheckDocument(document: unknown): boolean {
  return isRecord(document) && document["format"] === RESULT_FORMAT && document["kind"] === "check";
}

/** Checks the parts of a CheckResultFile a reader relies on, with an error naming the file. */
export function validateCheckResultFile(document: unknown, path: string): CheckResultFile {
  if (!isCheckDocument(document)) throw new ResultInputError(`${path}: not a disk check's result; expected ${EXPECTED}`);
  const file = document as Record<string, unknown>;
  if (file["version"] !== RESULT_FORMAT_VERSION) {
    throw new ResultInputError(`${path}: result format version ${JSON.stringify(file["version"])} is not supported; expected ${RESULT_FORMAT_VERSION}`);
  }
  const check = file["check"];
  if (typeof file["scenario"] !== "string" || !isRecord(check) || typeof check["ok"] !== "boolean" || !Array.isArray(check["findings"]) || !check["findings"].every(isFinding)) {
    throw new ResultInputError(`${path}: missing "scenario", or "check" is not { domain, ok, findings: [{ what, expected, found, ok }] }; expected ${EXPECTED}`);
  }
  if (check["findings"].length === 0) throw new ResultInputError(`${path}: the check has no findings; expected ${EXPECTED}`);
  return document as unknown as CheckResultFile;
}

/** Loads one disk check's result file (`<scenario>.json` of a check-mode study). */
export function loadCheckResultFile(path: string): CheckResultFile {
  return validateCheckResultFile(readJsonInputFile(path, EXPECTED), path);
}
