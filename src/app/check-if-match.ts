import { DomainError } from '../domain/errors.js';

/**
 * If-Match (docs/reference/classic-operations.md §10): quotes and a W/ prefix are ignored, comparison is
 * case-insensitive, `*` matches any existing resource; a mismatch, or If-Match on a resource that
 * does not exist, is 412.
 */
export function checkIfMatch(ifMatch: string | undefined, currentEtag: string | undefined): void {
  if (ifMatch === undefined) return;
  const wanted = ifMatch
    .trim()
    .replace(/^W\//i, '')
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .toLowerCase();
  if (currentEtag === undefined) {
    throw new DomainError('PreconditionFailed', 'If-Match was given but the resource does not exist.');
  }
  if (wanted !== '*' && wanted !== currentEtag.toLowerCase()) {
    throw new DomainError('PreconditionFailed', `If-Match '${ifMatch}' does not match the current ETag.`);
  }
}
