/** Values of the CLI's flags: files they name, required ones, and their names as typed. */
import { readFileSync } from 'node:fs';
import { isDomainError } from '../../domain/errors.js';
import { validateName } from '../../domain/names.js';
import { UsageError } from '../client/api-error.js';

export function readText(path: string, flag: string): string {
  return readBytes(path, flag).toString('utf8');
}

export function readBytes(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw fileError(flag, 'read', path, e);
  }
}

/** `--out: cannot write /x/y.json (ENOENT)`: a file a flag names that cannot be used (exit 2). */
export function fileError(flag: string, verb: 'read' | 'write', path: string, e: unknown): UsageError {
  const code = (e as { code?: unknown }).code;
  return new UsageError(`${flag}: cannot ${verb} ${path}${typeof code === 'string' ? ` (${code})` : ''}`);
}

export function need(value: string | undefined, flag: string, why: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag}: is required ${why}`);
  return value;
}

/** `clientId` → `--client-id`. */
export const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * A new cloud service's, collection's or job's name, checked before anything is sent, by the rule the
 * API applies (docs/reference/scheduling-rules.md §2): a bad name is the user's input, so it is exit 2
 * with the argument named, as every other bad argument, not the API's refusal (exit 1).
 */
export function checkNewName(name: string, argument: string): void {
  try {
    validateName(name, argument);
  } catch (e) {
    if (isDomainError(e)) throw new UsageError(e.message);
    throw e;
  }
}
