import { clip } from '../domain/clip.js';
import { DomainError } from '../domain/errors.js';

/**
 * If-Match (docs/api.md, "Choices where the contract is silent"; docs/reference/classic-operations.md
 * §10). The header is `*` or a list of entity tags (RFC 9110 §13.1.1): the write goes ahead when one
 * member matches the current ETag. Per member, quotes and a W/ prefix are ignored and the comparison ignores case (the
 * contract's rule, looser than RFC's strong comparison: the SDKs send the bare GUID they read); a
 * `*` member matches any existing resource. No match, or If-Match on a resource that does not
 * exist, is 412.
 */
export function checkIfMatch(ifMatch: string | undefined, currentEtag: string | undefined): void {
  if (ifMatch === undefined) return;
  if (currentEtag === undefined) {
    throw new DomainError('PreconditionFailed', 'If-Match was given but the resource does not exist.');
  }
  const current = currentEtag.toLowerCase();
  const matches = ifMatchMembers(ifMatch).some((m) => m === '*' || m === current);
  if (!matches) {
    // Clipped, as other rejected values: the message goes to the operation record.
    throw new DomainError(
      'PreconditionFailed',
      `If-Match '${clip(ifMatch)}' does not match the current ETag.`,
    );
  }
}

/**
 * The members of an If-Match list, each without W/ and quotes, lower-cased. A quoted tag may hold
 * a comma (RFC 9110 etagc), so the list is split outside quotes only; empty members are dropped
 * (RFC 9110 §5.6.1).
 */
function ifMatchMembers(header: string): string[] {
  const members: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      members.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  members.push(current);
  return members.map(normalizeMember).filter((m) => m !== '');
}

function normalizeMember(member: string): string {
  return member
    .trim()
    .replace(/^W\//i, '')
    .replace(/^"(.*)"$/s, '$1')
    .trim()
    .toLowerCase();
}
