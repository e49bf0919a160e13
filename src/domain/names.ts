import { badRequest } from './errors.js';

/**
 * Names of cloud services, job collections and jobs (docs/reference/scheduling-rules.md §2): 1–100 characters from
 * ASCII letters, digits, `-`, `_`, `.` and space; the first and the last a letter or digit. Uniqueness is
 * case-insensitive and is the store's business, not this module's.
 */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9\-_. ]{0,98}[A-Za-z0-9])?$/;

export const MAX_NAME_LENGTH = 100;

export function isValidName(name: string): boolean {
  return NAME.test(name);
}

/** Throws BadRequest naming `field` (e.g. `jobId`, `cloudServiceName`) and the rule. */
export function validateName(name: string, field: string): void {
  if (isValidName(name)) return;
  const shown = name.length > 110 ? `${name.slice(0, 100)}…` : name;
  throw badRequest(
    `${field}: must be 1 to ${MAX_NAME_LENGTH} characters from ASCII letters, digits, '-', '_', '.' and space, ` +
      `starting and ending with a letter or digit, got '${shown}'`,
  );
}
