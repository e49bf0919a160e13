/**
 * Request bodies are UTF-8 (XML and JSON alike). Decoding invalid bytes the lenient way turns them
 * into U+FFFD, which would then be validated and stored as if the client had sent that character:
 * a job or label silently different from what was sent. So a body that is not valid UTF-8 is
 * refused whole with `400 BadRequest` before any parsing, naming the first offending byte.
 */
import { isUtf8 } from 'node:buffer';
import { DomainError } from '../domain/errors.js';

/** The body as text, or a BadRequest naming where its UTF-8 breaks. */
export function decodeUtf8Body(body: Buffer): string {
  if (isUtf8(body)) return body.toString('utf8');
  const at = firstInvalidByte(body);
  throw utf8Error(at, body[at] ?? 0);
}

/** A BadRequest on the classic surface; the ARM one names it `InvalidRequestContent` (not JSON). */
export class BodyNotUtf8 extends DomainError {}

function utf8Error(offset: number, byte: number): DomainError {
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  return new BodyNotUtf8(
    'BadRequest',
    `The request body is not valid UTF-8: invalid or truncated byte sequence at byte offset ${offset} (0x${hex}). Send the body encoded as UTF-8.`,
  );
}

/** Offset of the first byte that does not start a well-formed sequence (Unicode Table 3-7). */
export function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const n = wellFormedLength(b, i);
    if (n === 0) return i;
    i += n;
  }
  return b.length;
}

/** Length of the well-formed sequence starting at `i`, or 0. */
function wellFormedLength(b: Uint8Array, i: number): number {
  const c = b[i] ?? 0;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    // E0 excludes overlongs (A0..BF), ED excludes surrogates (80..9F).
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    // F0 excludes overlongs (90..BF), F4 stops at U+10FFFF (80..8F).
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
