/**
 * Readers of the HTTP request flags, shared by the main action (`--uri`, `--method`, `--header`) and
 * the error action (`--error-uri`, `--error-method`, `--error-header`); each error names its flag.
 */
import { UsageError } from '../client/api-error.js';
import { obj } from '../output/wire-values.js';
import { parseChoice } from './remote.js';

type Doc = Record<string, unknown>;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** An absolute http:// or https:// URI, as written. */
export function uriFlag(uri: string, flag: string): string {
  if (!/^https?:\/\/[^\s]+$/i.test(uri))
    throw new UsageError(`${flag}: must be an absolute http:// or https:// URI, got '${uri}'`);
  return uri;
}

/** An HTTP method in any case, upper-cased. */
export const methodFlag = (text: string, flag: string): string => parseChoice(text, flag, METHODS);

/** `'Name: value'` as a name and a value. */
export function headerFlag(text: string, flag: string): [string, string] {
  const i = text.indexOf(':');
  if (i <= 0) throw new UsageError(`${flag}: must be 'Name: value', got '${text}'`);
  return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
}

/**
 * The stored headers (`request.headers`) with the flag's values merged in, names compared without
 * regard to case; an empty value (`'Name:'`) removes one. A PATCH replaces a map whole, so the CLI
 * sends the merged one.
 */
export function mergedHeaderFlags(given: readonly string[], flag: string, request: Doc | undefined): Doc {
  const out: Doc = { ...(obj(request?.['headers']) ?? {}) };
  for (const [name, value] of given.map((h) => headerFlag(h, flag))) {
    for (const k of Object.keys(out)) if (k.toLowerCase() === name.toLowerCase()) delete out[k];
    if (value !== '') out[name] = value;
  }
  return out;
}
